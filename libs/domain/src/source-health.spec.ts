import { nextSourceState } from './source-health.js';

describe(nextSourceState.name, () => {
  it.each([
    [0, { ok: true, partial: false }, 'HEALTHY'],
    [0, { ok: true, partial: true }, 'DEGRADED'],
    [1, { ok: false }, 'DEGRADED'],
    [2, { ok: false }, 'DEGRADED'],
    [3, { ok: false }, 'DOWN'],
    [12, { ok: false }, 'DOWN'],
  ] as const)('after %i failures in a row and %j: %s', (failures, outcome, state) => {
    expect(nextSourceState(failures, outcome)).toBe(state);
  });
});

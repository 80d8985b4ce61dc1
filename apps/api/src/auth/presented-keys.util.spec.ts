import { presentedKeys } from './presented-keys.util.js';

describe(presentedKeys.name, () => {
  it.each([
    [{ authorization: 'Bearer k1' }, ['k1']],
    [{ Authorization: 'bearer  k1 ' }, ['k1']],
    [{ 'x-api-key': 'k2' }, ['k2']],
    [{ apiKey: 'k3' }, ['k3']],
    [{ headers: { 'X-Api-Key': 'k4' } }, ['k4']],
    [{ authorization: 'Bearer a', 'x-api-key': 'b' }, ['a', 'b']],
    [{ 'x-api-key': '   ' }, []],
    [{ other: 'x' }, []],
    [null, []],
    ['Bearer k', []],
  ])('reads %j as %j', (source, keys) => {
    expect(presentedKeys(source).sort()).toEqual(keys);
  });

  it('does not loop on a payload whose headers are itself', () => {
    const payload: Record<string, unknown> = { 'x-api-key': 'k' };
    payload.headers = payload;
    expect(presentedKeys(payload)).toEqual(['k']);
  });
});

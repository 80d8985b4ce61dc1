import { laterTimestamp, toTimestamp } from './timestamp.util.js';

describe(toTimestamp.name, () => {
  it.each<[string | null | undefined, string | null]>([
    ['2026-11-20T09:05:12.51Z', '2026-11-20T09:05:12.510Z'],
    ['2026-11-20T10:18:03+00:00', '2026-11-20T10:18:03.000Z'],
    ['2026-11-20T10:18:03+02:00', '2026-11-20T08:18:03.000Z'],
    ['0001-01-01T00:00:00+00:00', null],
    ['0001-01-01T00:00:00Z', null],
    ['not a date', null],
    ['', null],
    [null, null],
    [undefined, null],
  ])('reads %j as %j', (value, expected) => {
    expect(toTimestamp(value)?.toISOString() ?? null).toBe(expected);
  });
});

describe(laterTimestamp.name, () => {
  it.each<[string | null, string | null, string | null]>([
    [null, null, null],
    ['2026-11-20T09:00:00Z', null, '2026-11-20T09:00:00.000Z'],
    [null, '2026-11-20T09:00:00Z', '2026-11-20T09:00:00.000Z'],
    ['2026-11-20T09:00:00.5Z', '2026-11-20T09:00:00.25Z', '2026-11-20T09:00:00.500Z'],
    ['2026-11-20T11:00:00+02:00', '2026-11-20T09:30:00Z', '2026-11-20T09:30:00.000Z'],
  ])('of %j and %j is %j', (a, b, expected) => {
    expect(laterTimestamp(a, b)).toBe(expected);
  });
});

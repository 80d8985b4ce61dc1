import { isGraphFresh } from './graph-freshness.js';

const now = new Date('2026-11-20T10:00:00Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

describe(isGraphFresh.name, () => {
  it.each<[string, Date | null | undefined, boolean]>([
    ['never succeeded', null, false],
    ['unknown', undefined, false],
    ['just now', ago(0), true],
    ['exactly at the limit', ago(180), true],
    ['a second past it', ago(181), false],
    ['a clock ahead of ours', ago(-30), true],
  ])('%s: %s', (_, lastSuccessAt, fresh) => {
    expect(isGraphFresh(lastSuccessAt, now, 180)).toBe(fresh);
  });
});

import { degradedSince, episodeTransitions, sourceDownSince } from './outage-transitions.js';

const S1 = '2026-01-01T10:00:00.000Z';
const S2 = '2026-01-01T11:00:00.000Z';

describe('episodeTransitions', () => {
  it('announces an episode once, and its end only after its beginning was told', () => {
    expect(episodeTransitions(null, null)).toEqual([]);
    expect(episodeTransitions(null, S1)).toEqual([{ active: true, since: S1 }]);
    expect(episodeTransitions({ active: true, since: S1 }, S1)).toEqual([]);
    expect(episodeTransitions({ active: true, since: S1 }, null)).toEqual([{ active: false, since: S1 }]);
    expect(episodeTransitions({ active: false, since: S1 }, null)).toEqual([]);
  });

  it('ends the told episode before announcing a new one', () => {
    expect(episodeTransitions({ active: true, since: S1 }, S2)).toEqual([
      { active: false, since: S1 },
      { active: true, since: S2 },
    ]);
    expect(episodeTransitions({ active: false, since: S1 }, S2)).toEqual([{ active: true, since: S2 }]);
  });

  it('never announces an episode again once its end was told', () => {
    expect(episodeTransitions({ active: false, since: S1 }, S1)).toEqual([]);
  });
});

describe('degradedSince', () => {
  const success = new Date('2026-01-01T10:00:00Z');

  it('is the instant Graph stopped being fresh, once it has', () => {
    expect(degradedSince(success, new Date('2026-01-01T10:03:00Z'), 180)).toBeNull();
    expect(degradedSince(success, new Date('2026-01-01T10:03:01Z'), 180)).toBe('2026-01-01T10:03:00.000Z');
    expect(degradedSince(success, new Date('2026-01-02T00:00:00Z'), 180)).toBe('2026-01-01T10:03:00.000Z');
  });

  it('has no episode for a tenant whose Graph never answered', () => {
    expect(degradedSince(null, new Date(), 180)).toBeNull();
  });
});

describe('sourceDownSince', () => {
  const down = new Date('2026-01-01T10:00:00Z');

  it('is the down instant once the source has been down for the rule time', () => {
    expect(sourceDownSince(down, new Date('2026-01-01T10:14:59Z'), 15 * 60_000)).toBeNull();
    expect(sourceDownSince(down, new Date('2026-01-01T10:15:00Z'), 15 * 60_000)).toBe(down.toISOString());
    expect(sourceDownSince(null, new Date('2026-01-01T11:00:00Z'), 15 * 60_000)).toBeNull();
  });
});

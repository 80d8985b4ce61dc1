import { incidentForPostWithoutId, type OpenIncidentCandidate } from './post-without-id.js';

const at = (hour: number) => new Date(Date.UTC(2026, 10, 20, hour));
const graph = (reference: string, lastUpdatedAt: Date): OpenIncidentCandidate => ({
  reference,
  provisional: false,
  lastUpdatedAt,
});
const provisional = (reference: string, lastUpdatedAt: Date) => ({
  ...graph(reference, lastUpdatedAt),
  provisional: true,
});
const post = { postedAt: at(12), allClear: false };

describe(incidentForPostWithoutId.name, () => {
  it.each<[string, { postedAt: Date; allClear: boolean }, OpenIncidentCandidate[], string | null]>([
    ['the open incident of its service', post, [graph('EX1', at(11))], 'EX1'],
    ['updated up to six hours before', post, [graph('EX1', at(6))], 'EX1'],
    ['not one quiet for longer', post, [graph('EX1', at(5))], null],
    ['the most recently updated of two', post, [graph('EX1', at(9)), provisional('BCN-1', at(11))], 'BCN-1'],
    [
      'of two updated together, the first reference',
      post,
      [graph('EX2', at(11)), graph('EX1', at(11))],
      'EX1',
    ],
    [
      'an all-clear: only a provisional one',
      { ...post, allClear: true },
      [graph('EX1', at(11)), provisional('BCN-1', at(8))],
      'BCN-1',
    ],
    ['an all-clear: never Graph’s record', { ...post, allClear: true }, [graph('EX1', at(11))], null],
    ['none open', post, [], null],
  ])('%s', (_, thePost, open, expected) => {
    expect(incidentForPostWithoutId(thePost, open)).toBe(expected);
  });
});

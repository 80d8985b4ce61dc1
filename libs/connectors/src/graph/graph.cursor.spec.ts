import { advanceModifiedSince, modifiedSinceFilter, readGraphCursor } from './graph.cursor.js';

describe(readGraphCursor.name, () => {
  it.each([
    [null, { issuesModifiedSince: null, messagesModifiedSince: null }],
    [{}, { issuesModifiedSince: null, messagesModifiedSince: null }],
    [
      { issuesModifiedSince: '2026-11-20T09:05:12.510Z', messagesModifiedSince: null },
      { issuesModifiedSince: '2026-11-20T09:05:12.510Z', messagesModifiedSince: null },
    ],
    [
      { issuesModifiedSince: 'garbage', messagesModifiedSince: '2026-11-18T16:44:09.130Z' },
      { issuesModifiedSince: null, messagesModifiedSince: '2026-11-18T16:44:09.130Z' },
    ],
    [{ issuesModifiedSince: 42 }, { issuesModifiedSince: null, messagesModifiedSince: null }],
  ])('reads %j', (cursor, expected) => {
    expect(readGraphCursor(cursor)).toEqual(expected);
  });
});

describe(advanceModifiedSince.name, () => {
  it.each<[string | null, (string | null | undefined)[], string | null]>([
    [null, [], null],
    [null, ['2026-11-20T09:05:12.51Z', '2026-11-20T10:45:19.1234567Z', null], '2026-11-20T10:45:19.123Z'],
    ['2026-11-21T00:00:00.000Z', ['2026-11-20T09:05:12.51Z'], '2026-11-21T00:00:00.000Z'],
    ['2026-11-20T00:00:00.000Z', [undefined, 'not a date'], '2026-11-20T00:00:00.000Z'],
  ])('moves %j past %j to %j', (since, modified, expected) => {
    expect(advanceModifiedSince(since, modified)).toBe(expected);
  });
});

describe(modifiedSinceFilter.name, () => {
  it('asks for items modified at or after the cursor, less ten minutes of overlap', () => {
    expect(modifiedSinceFilter('2026-11-20T10:45:19.123Z')).toBe(
      'lastModifiedDateTime ge 2026-11-20T10:35:19.123Z',
    );
  });
});

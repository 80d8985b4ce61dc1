import { readXCursor } from './x.cursor.js';

describe(readXCursor.name, () => {
  it.each([
    [null, null],
    [{}, null],
    [{ userId: 'abc' }, null],
    [
      { userId: '2854829713', sinceId: null },
      { userId: '2854829713', username: 'MSFT365Status', sinceId: null },
    ],
    [
      { userId: '2854829713', username: 'msft365status', sinceId: '1991201874123456789' },
      { userId: '2854829713', username: 'MSFT365Status', sinceId: '1991201874123456789' },
    ],
    [
      { userId: '2854829713', sinceId: 'garbage' },
      { userId: '2854829713', username: 'MSFT365Status', sinceId: null },
    ],
    [{ userId: '2854829713', username: 'SomeoneElse', sinceId: '5' }, null],
  ])('reads %j', (cursor, expected) => {
    expect(readXCursor(cursor, 'MSFT365Status')).toEqual(expected);
  });
});

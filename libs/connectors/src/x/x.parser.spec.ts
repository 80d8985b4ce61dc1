import { readFileSync } from 'node:fs';
import { PartialNotes } from '../shared/validation.notes.js';
import { parseXTimelinePage, parseXUserAnswer } from './x.parser.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

describe(parseXUserAnswer.name, () => {
  const what = 'X GET user @MSFT365Status';

  it('reads the user id', () => {
    expect(parseXUserAnswer(fixture('user.json'), 'MSFT365Status', what)).toBe('2854829713');
  });

  it('fails as unavailable when there is no such user', () => {
    expect(() => parseXUserAnswer(fixture('user-not-found.json'), 'NoSuchAccount', what)).toThrow(
      expect.objectContaining({
        kind: 'unavailable',
        message: `${what}: @NoSuchAccount not found (Not Found Error)`,
      }),
    );
  });

  it.each([
    [
      'an HTML page',
      '<!DOCTYPE html><html><body>Sign in</body></html>',
      `${what}: an HTML page instead of JSON`,
    ],
    ['plain text', 'Service Unavailable', `${what}: text instead of JSON`],
    [
      'an id that is no number',
      { data: { id: 'abc' } },
      `${what}: unexpected answer (data.id: expected a numeric id)`,
    ],
  ])('fails as malformed on %s', (_case, data, message) => {
    expect(() => parseXUserAnswer(data, 'MSFT365Status', what)).toThrow(
      expect.objectContaining({ kind: 'malformed', message }),
    );
  });
});

describe(parseXTimelinePage.name, () => {
  const what = 'X GET timeline of 2854829713';

  it('reads a page of posts, replies included (the connector drops them)', () => {
    const page = parseXTimelinePage(fixture('timeline-page1.json'), what, new PartialNotes());
    expect(page.newestId).toBe('1991201874123456789');
    expect(page.tweets.map((tweet) => tweet.id)).toEqual([
      '1991201874123456789',
      '1991199011987654321',
      '1991198553111222333',
    ]);
    expect(page.tweets[1]).toMatchObject({ in_reply_to_user_id: '1102938475' });
  });

  it('notes a post that fails validation as unreadable', () => {
    const notes = new PartialNotes();
    const page = parseXTimelinePage(fixture('timeline-page2.json'), what, notes);
    expect(page.tweets).toHaveLength(3);
    expect(notes.unreadableItems).toEqual([
      expect.objectContaining({
        kind: 'x.post',
        id: 'not-a-number',
        reason: 'x.post not-a-number: id: expected a numeric id',
      }),
    ]);
  });

  it('reads an empty page', () => {
    expect(parseXTimelinePage(fixture('timeline-empty.json'), what, new PartialNotes())).toEqual({
      tweets: [],
      newestId: null,
    });
  });

  it.each([
    ['a page without meta', { data: [] }],
    ['data that is not a list', { data: {}, meta: { result_count: 0 } }],
    ['an HTML page', '<html></html>'],
  ])('fails as malformed on %s', (_case, data) => {
    expect(() => parseXTimelinePage(data, what, new PartialNotes())).toThrow(
      expect.objectContaining({ kind: 'malformed' }),
    );
  });
});

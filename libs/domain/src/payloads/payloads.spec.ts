import { graphIssuePayload, graphMessagePayload } from './graph.payload.js';
import { statusSiteFeedItemPayload, statusSitePostPayload } from './status-site.payload.js';
import { xPostPayload } from './x.payload.js';

describe('payload schemas', () => {
  it('read a Graph issue’s date-times as Dates, seven fractional digits included, and keep unknown fields', () => {
    const issue = graphIssuePayload.parse({
      id: 'EX1',
      startDateTime: '2026-11-20T07:40:00Z',
      endDateTime: null,
      lastModifiedDateTime: '2026-11-20T09:05:12.5100000Z',
      posts: [{ createdDateTime: '2026-11-20T07:58:31.2Z', postType: 'regular', extra: 1 }],
      highImpact: true,
    });
    expect(issue).toMatchObject({
      startDateTime: new Date('2026-11-20T07:40:00Z'),
      endDateTime: null,
      lastModifiedDateTime: new Date('2026-11-20T09:05:12.510Z'),
      posts: [{ createdDateTime: new Date('2026-11-20T07:58:31.200Z'), extra: 1 }],
      highImpact: true,
    });
  });

  it('read an absent date-time as null', () => {
    expect(graphMessagePayload.parse({ id: 'MC1' }).lastModifiedDateTime).toBeNull();
  });

  it.each([
    ['a Graph issue without an id', graphIssuePayload, { title: 'x' }],
    ['a Graph issue with a date that is not ISO', graphIssuePayload, { id: 'EX1', startDateTime: '20 Nov' }],
    ['an X post without text', xPostPayload, { id: '1' }],
    ['a feed item without a status', statusSiteFeedItemPayload, { title: 'Microsoft Admin Center' }],
    ['a status-site post with an empty status', statusSitePostPayload, { Id: '1', Status: '' }],
  ])('refuse %s', (_case, schema, payload) => {
    expect(schema.safeParse(payload).success).toBe(false);
  });

  it.each([
    ['an X post with an id that is not a number', xPostPayload, { id: 'a-1', text: 'x', created_at: null }],
    ['a status-site post with only Id and Status', statusSitePostPayload, { Id: '1', Status: 'Available' }],
    [
      'a status-site post whose date is no ISO date-time',
      statusSitePostPayload,
      { Id: '1', Status: 'Available', AuthoredDateTime: '0001-01-01T00:00:00+00:00', LastUpdatedTime: 'now' },
    ],
  ])('read %s', (_case, schema, payload) => {
    expect(schema.safeParse(payload).success).toBe(true);
  });
});

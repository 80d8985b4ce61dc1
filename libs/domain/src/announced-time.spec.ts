import { parseAnnouncedTime } from './announced-time.js';

describe(parseAnnouncedTime.name, () => {
  it.each([
    ['Friday, November 20, 2026, at 11:00 AM UTC', '2026-11-20T11:00:00.000Z'],
    // The sample's weekday is wrong (November 20, 2026 is a Friday): the date still counts.
    ['Thursday, November 20, 2026, at 9:00 AM UTC', '2026-11-20T09:00:00.000Z'],
    ['Thursday, November 20, 2026, 7:40 AM UTC', '2026-11-20T07:40:00.000Z'],
    ['Thursday, November 20, 2026 at 7:40 PM UTC', '2026-11-20T19:40:00.000Z'],
    ['November 20, 2026 7:40 pm UTC', '2026-11-20T19:40:00.000Z'],
    ['Nov 20, 2026, at 12:00 AM UTC', '2026-11-20T00:00:00.000Z'],
    ['Nov. 20th, 2026, at 12:30 P.M. UTC', '2026-11-20T12:30:00.000Z'],
    ['Sunday, March 1, 2026, at 13:05 UTC', '2026-03-01T13:05:00.000Z'],
    ['Sunday, March 1, 2026, at 13:05:30 GMT', '2026-03-01T13:05:30.000Z'],
    ['Sunday, March 1, 2026, at 1:05 AM (UTC)', '2026-03-01T01:05:00.000Z'],
    ['Sunday, March 1, 2026, at 1:05 AM', '2026-03-01T01:05:00.000Z'],
    ['  Friday, November 20, 2026, at 11:00 AM UTC.  ', '2026-11-20T11:00:00.000Z'],
    ['Friday, November 20, 2026, at 11:00 AM UTC (3:00 AM PST)', '2026-11-20T11:00:00.000Z'],
    ['Saturday, February 29, 2028, at 11:00 PM UTC', '2028-02-29T23:00:00.000Z'],
    ['2026-11-20T07:40:00Z', '2026-11-20T07:40:00.000Z'],
    ['2026-11-20T09:05:12.51Z', '2026-11-20T09:05:12.510Z'],
    ['2026-11-20T10:18:03+00:00', '2026-11-20T10:18:03.000Z'],
    // As PostgreSQL reads them (beacon_announced_time): 24:00 and a leap second roll over, offsets to ±15:59.
    ['2024-02-29T24:00Z', '2024-03-01T00:00:00.000Z'],
    ['2026-12-31T23:59:60Z', '2027-01-01T00:00:00.000Z'],
    ['2026-11-20T10:00-15:59', '2026-11-21T01:59:00.000Z'],
    ['2026-11-20T10:00:00.9999996Z', '2026-11-20T10:00:01.000Z'],
    // Years below 100 stay themselves (Date.UTC would make 0099 into 1999).
    ['0099-01-01T00:00Z', '0099-01-01T00:00:00.000Z'],
    ['November 1, 0099 at 11:00 AM UTC', '0099-11-01T11:00:00.000Z'],
  ])('reads %j as %s', (text, iso) => {
    expect(parseAnnouncedTime(text)?.toISOString()).toBe(iso);
  });

  it.each([
    'We will provide an update within 30 minutes.',
    'TBD',
    'Friday, November 20, 2026',
    'Friday, Brumaire 20, 2026, at 11:00 AM UTC',
    'Friday, November 31, 2026, at 11:00 AM UTC',
    'Friday, February 29, 2026, at 11:00 AM UTC',
    'Friday, November 20, 2026, at 13:00 PM UTC',
    'Friday, November 20, 2026, at 0:00 AM UTC',
    'Friday, November 20, 2026, at 24:00 UTC',
    'Friday, November 20, 2026, at 11:60 AM UTC',
    'Friday, November 20, 2026, at 11:00 AM PST',
    'Friday, November 20, 2026, at 11:00 AM UTC+1',
    '2026-13-45T07:40:00Z',
    '2026-11-20T10:00+16:00',
    '2026-11-20T10:00+05:60',
    '2026-11-20T24:00:01Z',
    '0000-01-01T10:00Z',
    'November 1, 0000 at 11:00 AM UTC',
    '',
    null,
    undefined,
  ])('gives null for %j', (text) => {
    expect(parseAnnouncedTime(text)).toBeNull();
  });
});

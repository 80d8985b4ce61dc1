import { graphHealthOverviewPayload, graphIssuePayload, graphMessagePayload } from '#domain';
import { readFileSync } from 'node:fs';
import { ConnectorError } from '../connector.error.js';
import { PartialNotes } from '../shared/validation.notes.js';
import { parseGraphPage } from './graph.parser.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

describe(parseGraphPage.name, () => {
  const what = 'Graph GET issues for tenant contoso';

  it('reads a page of issues with its next link', () => {
    const notes = new PartialNotes();
    const page = parseGraphPage(fixture('issues-page1.json'), graphIssuePayload, 'graph.issue', what, notes);
    expect(page.nextLink).toBe(
      'https://graph.microsoft.com/v1.0/admin/serviceAnnouncement/issues?$skiptoken=MSZWRVJTSU9OJTNEMSUyNlBBR0UlM0Qy',
    );
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ id: 'EX1190034', status: 'serviceDegradation', isResolved: false });
    expect(page.items[0]?.posts).toHaveLength(2);
    expect(notes.summary()).toBeUndefined();
  });

  it('returns the items as Graph sent them, to be stored so: dates stay the strings Graph wrote', () => {
    const body = fixture('issues-page1.json') as { value: unknown[] };
    const page = parseGraphPage(body, graphIssuePayload, 'graph.issue', what, new PartialNotes());
    expect(page.items).toEqual(body.value);
    expect(page.items[0]).toMatchObject({ lastModifiedDateTime: '2026-11-20T09:05:12.51Z' });
  });

  it('reads health overviews and messages', () => {
    const notes = new PartialNotes();
    const overviews = parseGraphPage(
      fixture('health-overviews.json'),
      graphHealthOverviewPayload,
      'graph.healthOverview',
      what,
      notes,
    );
    expect(overviews.items.map((item) => item.id)).toEqual([
      'Exchange',
      'microsoftteams',
      'SharePoint',
      'OneDriveForBusiness',
      'OSDPPlatform',
      'OrgLiveID',
    ]);
    expect(overviews.nextLink).toBeNull();
    const messages = parseGraphPage(
      fixture('messages.json'),
      graphMessagePayload,
      'graph.message',
      what,
      notes,
    );
    expect(messages.items[0]).toMatchObject({ id: 'MC1180442', category: 'planForChange', viewPoint: null });
  });

  it('keeps enum values as sent, unknown ones and extra fields included, and notes invalid items as unreadable', () => {
    const notes = new PartialNotes();
    const page = parseGraphPage(
      fixture('issues-variations.json'),
      graphIssuePayload,
      'graph.issue',
      what,
      notes,
    );
    expect(page.items.map((item) => [item.id, item.status, item.classification])).toEqual([
      ['TM1199007', 'ServiceRestored', 'Incident'],
      ['SP1199010', 'someStatusNobodyHasSeen', 'unknownFutureValue'],
      ['MO1199001', 'ServicaOperational', undefined],
    ]);
    expect(page.items[0]).toMatchObject({ highImpact: true });
    expect(notes.unreadableItems.map(({ kind, id, reason }) => ({ kind, id, reason }))).toEqual([
      {
        kind: 'graph.issue',
        id: null,
        reason: 'graph.issue #4: id: Invalid input: expected string, received undefined',
      },
      {
        kind: 'graph.issue',
        id: 'EX1199099',
        reason: 'graph.issue EX1199099: lastModifiedDateTime: expected an ISO 8601 date-time',
      },
      {
        kind: 'graph.issue',
        id: 'EX1199100',
        reason: 'graph.issue EX1199100: isResolved: Invalid input: expected boolean, received string',
      },
    ]);
    expect(notes.summary()).toBeUndefined();
  });

  it.each([
    ['an array', []],
    ['a page without value', { '@odata.context': 'x' }],
    ['a value that is not a list', { value: {} }],
    ['a next link that is not a string', { value: [], '@odata.nextLink': 7 }],
  ])('fails the poll on %s', (_case, body) => {
    expect(() => parseGraphPage(body, graphIssuePayload, 'graph.issue', what, new PartialNotes())).toThrow(
      ConnectorError,
    );
  });
});

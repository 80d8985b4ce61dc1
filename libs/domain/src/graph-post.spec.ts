import { GRAPH_POST_SECTIONS, parseGraphPost, type GraphPostSection } from './graph-post.js';

// The contract's samples: a Graph issue post and the status site's admin-center message.
const GRAPH_POST =
  "Title: Some users may see delays receiving email from external senders<br><br>User impact: Users may experience delays when receiving email messages sent from outside their organization.<br><br>Current status: We've identified a section of infrastructure that is performing below acceptable thresholds and we're rebalancing traffic to alternate infrastructure.<br><br>Scope of impact: Some users served by the affected infrastructure may be impacted.<br><br>Start time: Thursday, November 20, 2026, at 7:40 AM UTC<br><br>Next update by: Thursday, November 20, 2026, at 11:00 AM UTC";
const STATUS_SITE_MESSAGE =
  "<div>Title: Users may be unable to access the Microsoft 365 admin center<br>User impact: Admins may be unable to access the Microsoft 365 admin center or Service health.<br>Current status: We're investigating elevated failures in the admin portal's front end. More information is available under MO1199001.</div>";

const NO_SECTIONS = Object.fromEntries(Object.keys(GRAPH_POST_SECTIONS).map((key) => [key, null]));

describe(parseGraphPost.name, () => {
  it("reads the sample Graph post's sections and times", () => {
    const sut = parseGraphPost(GRAPH_POST);
    expect(sut.sections).toEqual({
      ...NO_SECTIONS,
      title: 'Some users may see delays receiving email from external senders',
      userImpact:
        'Users may experience delays when receiving email messages sent from outside their organization.',
      currentStatus:
        "We've identified a section of infrastructure that is performing below acceptable thresholds and we're rebalancing traffic to alternate infrastructure.",
      scopeOfImpact: 'Some users served by the affected infrastructure may be impacted.',
      startTime: 'Thursday, November 20, 2026, at 7:40 AM UTC',
      nextUpdateBy: 'Thursday, November 20, 2026, at 11:00 AM UTC',
    });
    expect(sut.startedAt).toEqual(new Date('2026-11-20T07:40:00Z'));
    expect(sut.nextUpdateAt).toEqual(new Date('2026-11-20T11:00:00Z'));
    expect(sut.endedAt).toBeNull();
    expect(sut.otherSections).toEqual({});
    expect(sut.text).toMatch(/^Title: Some users may see delays[^\n]*\n\nUser impact: /);
    expect(sut.text).not.toMatch(/<br>/);
  });

  it("reads the status site's message the same way", () => {
    const sut = parseGraphPost(STATUS_SITE_MESSAGE);
    expect(sut.sections).toEqual({
      ...NO_SECTIONS,
      title: 'Users may be unable to access the Microsoft 365 admin center',
      userImpact: 'Admins may be unable to access the Microsoft 365 admin center or Service health.',
      currentStatus:
        "We're investigating elevated failures in the admin portal's front end. More information is available under MO1199001.",
    });
    expect(sut.nextUpdateAt).toBeNull();
  });

  it.each(Object.entries(GRAPH_POST_SECTIONS) as [GraphPostSection, string][])(
    'reads the section %s from the label %j, in any casing, in HTML and in plain lines',
    (key, label) => {
      for (const content of [
        `A preamble<br>${label}: the text`,
        `A preamble\n${label.toUpperCase()}: the text`,
        `<p>A preamble</p><p><b>${label.toLowerCase()}:</b> the text</p>`,
      ]) {
        expect(parseGraphPost(content).sections[key]).toBe('the text');
      }
    },
  );

  it('keeps every line of a section, up to the next label', () => {
    const sut = parseGraphPost(
      'Current status: We rolled back the change.<br><br>This affects the following users:<br>* Users in Europe<br>Final status: Done.<br>Root cause: A change.',
    );
    expect(sut.sections.currentStatus).toBe(
      'We rolled back the change.\n\nThis affects the following users:\n* Users in Europe',
    );
    expect(sut.sections.finalStatus).toBe('Done.');
    expect(sut.sections.rootCause).toBe('A change.');
  });

  it('reads a known label whose text starts on the next line', () => {
    const sut = parseGraphPost(
      'Preliminary root cause:<br>A recent update.<br>Next update by:<br>Friday, November 20, 2026, at 11:00 AM UTC',
    );
    expect(sut.sections.preliminaryRootCause).toBe('A recent update.');
    expect(sut.nextUpdateAt).toEqual(new Date('2026-11-20T11:00:00Z'));
  });

  it('splits sections that plain text runs together on one line', () => {
    const sut = parseGraphPost(
      'Title: Mail delays User impact: Users may see delays. Current status: We are investigating. Start time: Thursday, November 20, 2026, 7:40 AM UTC End time: Thursday, November 20, 2026, 9:15 AM UTC',
    );
    expect(sut.sections).toMatchObject({
      title: 'Mail delays',
      userImpact: 'Users may see delays.',
      currentStatus: 'We are investigating.',
      startTime: 'Thursday, November 20, 2026, 7:40 AM UTC',
      endTime: 'Thursday, November 20, 2026, 9:15 AM UTC',
    });
    expect(sut.startedAt).toEqual(new Date('2026-11-20T07:40:00Z'));
    expect(sut.endedAt).toEqual(new Date('2026-11-20T09:15:00Z'));
  });

  it('keeps sections of other names, by their label', () => {
    const sut = parseGraphPost(
      'Title: T<br>More information: https://aka.ms/x<br>Affected features: Calendar<br>and Mail<br>User impact: U',
    );
    expect(sut.otherSections).toEqual({
      'More information': 'https://aka.ms/x',
      'Affected features': 'Calendar\nand Mail',
    });
    expect(sut.sections.userImpact).toBe('U');
  });

  it.each([
    [
      'a sentence ending in a colon',
      'Current status: We found:<br>This affects the following five kinds of users: many',
    ],
    ['a lower-case label', 'Current status: We found:<br>note: many'],
    ['a label with nothing after it', 'Current status: We found:<br>Affected:<br>many'],
    ['a time', 'Current status: We found:<br>11:00 AM: many'],
    ['a link', 'Current status: We found:<br>https://aka.ms/x many'],
  ])('does not take %s for a section', (_, content) => {
    const sut = parseGraphPost(content);
    expect(sut.otherSections).toEqual({});
    expect(sut.sections.currentStatus).toMatch(/^We found:\n[\s\S]*many$/);
  });

  it('keeps both texts of a section given twice', () => {
    expect(parseGraphPost('Current status: First.<br>Current status: Second.').sections.currentStatus).toBe(
      'First.\n\nSecond.',
    );
  });

  it('gives null, never a throw, for times it cannot read', () => {
    const sut = parseGraphPost('Start time: yesterday<br>End time: <br>Next update by: TBD');
    expect(sut.sections.startTime).toBe('yesterday');
    expect(sut.sections.endTime).toBeNull();
    expect([sut.startedAt, sut.endedAt, sut.nextUpdateAt]).toEqual([null, null, null]);
  });

  it.each([
    [
      'a message without sections',
      '<div>This site is updated when service issues are preventing access.</div>',
    ],
    ['plain text', 'Exchange Online service has login issue. We will provide an update within 30 minutes.'],
    ['an empty post', ''],
    ['null', null],
    ['undefined', undefined],
  ])('reads %s as text only', (_, content) => {
    const sut = parseGraphPost(content);
    expect(sut.sections).toEqual(NO_SECTIONS);
    expect(sut.otherSections).toEqual({});
    expect(sut.text).toBe((content ?? '').replace(/<\/?div>/g, ''));
  });
});

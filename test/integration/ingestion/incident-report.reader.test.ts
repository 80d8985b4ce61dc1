import { PDF_MEDIA_TYPE, readIncidentReport, WORD_MEDIA_TYPE, type IncidentReportReading } from '#ingestion';
import { renderIncidentReport } from '../../../apps/simulator/src/graph/incident-report.document.js';

/** Documents as the simulator writes them (docx and pdf-lib), read back as Beacon reads Graph's. */
const REVIEW = `Post-Incident Review (PIR) - EX1400001

Users may have experienced delays sending email

# USER IMPACT:
Users may have experienced delays sending or receiving email.

# Scope of impact
Users served by the affected infrastructure in North America.

# Incident Start–End Date and Time
Start: Thursday, November 19, 2026, at 9:00 AM UTC
End: Thursday, November 19, 2026, at 11:30 AM UTC

# Root cause.
A code change to the mail transport service contained a regression.

# Next Steps
Add tests for the regression's conditions.`;
const AT = new Date('2026-11-25T12:00:00Z');
const SECTIONS = {
  userImpact: 'Users may have experienced delays sending or receiving email.',
  scopeOfImpact: 'Users served by the affected infrastructure in North America.',
  startEndTime:
    'Start: Thursday, November 19, 2026, at 9:00 AM UTC End: Thursday, November 19, 2026, at 11:30 AM UTC',
  rootCause: 'A code change to the mail transport service contained a regression.',
  actionsTaken: null,
  nextSteps: "Add tests for the regression's conditions.",
};

describe('readIncidentReport', () => {
  it.each<[string, () => Promise<Buffer>, string | null, Partial<IncidentReportReading>]>([
    [
      'a Word document',
      () => renderIncidentReport(REVIEW, 'docx', AT),
      'application/octet-stream',
      {
        mediaType: WORD_MEDIA_TYPE,
        sections: SECTIONS,
        parseError: null,
      },
    ],
    [
      'a PDF',
      () => renderIncidentReport(REVIEW, 'pdf', AT),
      null,
      {
        mediaType: PDF_MEDIA_TYPE,
        sections: SECTIONS,
        parseError: null,
      },
    ],
    [
      'plain text declared as such',
      () => renderIncidentReport(REVIEW, 'text', AT),
      'text/plain; charset=utf-8',
      {
        mediaType: 'text/plain',
        parseError: null,
      },
    ],
  ])('reads %s into text and sections', async (_, document, declared, expected) => {
    const reading = await readIncidentReport(await document(), declared);
    // A PDF breaks lines where its layout wrapped them: the words are what must match.
    const sections = Object.fromEntries(
      Object.entries(reading.sections).map(([name, text]) => [name, text?.replace(/\s+/g, ' ') ?? null]),
    );

    expect({ ...reading, sections }).toMatchObject(expected);
    expect(reading.text).toMatch(/^Post-Incident Review \(PIR\) - EX1400001\n/);
    expect(reading.text).toContain('Users may have experienced delays sending email');
  });

  it.each<[string, () => Promise<Buffer>, string | null, string, RegExp]>([
    ['a damaged PDF', () => renderIncidentReport(REVIEW, 'unreadable', AT), null, PDF_MEDIA_TYPE, /\S/],
    [
      'a zip that is no Word document',
      async () => Buffer.from('PK\x03\x04 not really a zip', 'latin1'),
      null,
      WORD_MEDIA_TYPE,
      /\S/,
    ],
    [
      'bytes of no known kind',
      async () => Buffer.from('GIF89a…', 'utf8'),
      'application/octet-stream',
      'application/octet-stream',
      /^not a Word or PDF document/,
    ],
    ['an empty answer', async () => Buffer.alloc(0), null, 'application/octet-stream', /^not a Word or PDF/],
  ])('keeps %s unparsed, with the reason', async (_, document, declared, mediaType, reason) => {
    const reading = await readIncidentReport(await document(), declared);

    expect(reading).toMatchObject({ mediaType, text: null });
    expect(Object.values(reading.sections)).toEqual([null, null, null, null, null, null]);
    expect(reading.parseError).toMatch(reason);
  });
});

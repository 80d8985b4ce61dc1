import { createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import { PDFDocument } from 'pdf-lib';
import { blocksOf, renderIncidentReport } from './incident-report.document.js';

const TEXT = `Post-Incident Review - TM1201502

Users may be unable to join meetings

# User Impact
Users may have been unable
to join meetings.

# Root Cause
A configuration change.`;
const AT = new Date('2026-11-20T10:07:30Z');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('renderIncidentReport', () => {
  it('reads the text as a title, headings and paragraphs', () => {
    expect(blocksOf(TEXT)).toEqual([
      { kind: 'title', text: 'Post-Incident Review - TM1201502' },
      { kind: 'paragraph', text: 'Users may be unable to join meetings' },
      { kind: 'heading', text: 'User Impact' },
      { kind: 'paragraph', text: 'Users may have been unable to join meetings.' },
      { kind: 'heading', text: 'Root Cause' },
      { kind: 'paragraph', text: 'A configuration change.' },
    ]);
  });

  it.each(['docx', 'pdf', 'text', 'unreadable'] as const)(
    'writes %s as the same bytes every time',
    async (format) => {
      const first = await renderIncidentReport(TEXT, format, AT);
      const again = await renderIncidentReport(TEXT, format, AT);
      const other = await renderIncidentReport(TEXT, format, new Date(AT.getTime() + 86_400_000));

      expect(sha256(again)).toBe(sha256(first));
      if (format !== 'text' && format !== 'unreadable') expect(sha256(other)).not.toBe(sha256(first));
    },
  );

  it('writes a Word package dated by the scenario, with the text in its body', async () => {
    const files = unzipSync(await renderIncidentReport(TEXT, 'docx', AT));
    const core = Buffer.from(files['docProps/core.xml'] ?? []).toString('utf8');
    const body = Buffer.from(files['word/document.xml'] ?? []).toString('utf8');

    expect(core).toContain('2026-11-20T10:07:30Z</dcterms:created>');
    expect(body).toContain('Users may have been unable to join meetings.');
    expect(body).toContain('<w:pStyle w:val="Heading1"/>');
  });

  it('writes a PDF dated by the scenario', async () => {
    const pdf = await PDFDocument.load(await renderIncidentReport(TEXT, 'pdf', AT));

    expect(pdf.getTitle()).toBe('Post-Incident Review - TM1201502');
    expect(pdf.getCreationDate()).toEqual(AT);
  });

  it('damages the unreadable one: a PDF header, then no object, page or trailer', async () => {
    const bytes = await renderIncidentReport(TEXT, 'unreadable', AT);

    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    for (const part of [' obj', '/Page', 'trailer', '%%EOF']) expect(bytes.includes(part)).toBe(false);
  });
});

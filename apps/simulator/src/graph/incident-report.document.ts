import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { unzipSync, zipSync } from 'fflate';
import { PDFDocument, StandardFonts, type PDFFont } from 'pdf-lib';
import type { IncidentReportFormat } from '../scenario/scenario.vocabulary.js';

interface Block {
  kind: 'title' | 'heading' | 'paragraph';
  text: string;
}

/**
 * The review's text as a document (`unreadable`: a damaged PDF, its header then garbage, that no reader
 * can open), the same bytes for the same text and time (`at` is its date: the
 * documents carry no clock of their own). The text's first line is the title, a line starting with `# `
 * a heading, and lines separated by a blank line are paragraphs.
 */
export async function renderIncidentReport(
  text: string,
  format: IncidentReportFormat,
  at: Date,
): Promise<Buffer> {
  switch (format) {
    case 'docx':
      return wordDocument(blocksOf(text), at);
    case 'pdf':
      return pdfDocument(blocksOf(text), at);
    case 'text':
      return Buffer.from(text, 'utf8');
    case 'unreadable':
      return Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), garbage(text)]);
  }
}

export function blocksOf(text: string): Block[] {
  const [title = '', ...rest] = text.trim().split('\n');
  const blocks: Block[] = [{ kind: 'title', text: title.trim() }];
  let paragraph: string[] = [];
  const endParagraph = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', text: paragraph.join(' ') });
    paragraph = [];
  };
  for (const raw of rest) {
    const line = raw.trim();
    if (line.startsWith('# ')) {
      endParagraph();
      blocks.push({ kind: 'heading', text: line.slice(2).trim() });
    } else if (line === '') endParagraph();
    else paragraph.push(line);
  }
  endParagraph();
  return blocks;
}

async function wordDocument(blocks: Block[], at: Date): Promise<Buffer> {
  const title = blocks[0]?.text ?? '';
  const document = new Document({
    creator: 'Microsoft Corporation',
    title,
    sections: [
      {
        children: blocks.map(
          (block) =>
            new Paragraph({
              text: block.text,
              heading:
                block.kind === 'title'
                  ? HeadingLevel.TITLE
                  : block.kind === 'heading'
                    ? HeadingLevel.HEADING_1
                    : undefined,
            }),
        ),
      },
    ],
  });
  // docx stamps the package with the time of packing (core.xml and every zip entry): both get `at`.
  const files = unzipSync(await Packer.toBuffer(document));
  const core = files['docProps/core.xml'];
  if (core) {
    const stamped = Buffer.from(core)
      .toString('utf8')
      .replace(
        /(<dcterms:(?:created|modified)[^>]*>)[^<]*/g,
        `$1${at.toISOString().replace(/\.\d+Z$/, 'Z')}`,
      );
    files['docProps/core.xml'] = Buffer.from(stamped, 'utf8');
  }
  return Buffer.from(zipSync(files, { mtime: at }));
}

const PAGE = { width: 595, height: 842, margin: 56 };
const STYLE = { title: 18, heading: 13, paragraph: 11 } as const;

async function pdfDocument(blocks: Block[], at: Date): Promise<Buffer> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.setTitle(blocks[0]?.text ?? '');
  pdf.setCreationDate(at);
  pdf.setModificationDate(at);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  let page = pdf.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - PAGE.margin;
  for (const block of blocks) {
    const size = STYLE[block.kind];
    const font = block.kind === 'paragraph' ? regular : bold;
    for (const line of wrap(block.text, font, size, PAGE.width - 2 * PAGE.margin)) {
      if (y < PAGE.margin + size) {
        page = pdf.addPage([PAGE.width, PAGE.height]);
        y = PAGE.height - PAGE.margin;
      }
      page.drawText(line, { x: PAGE.margin, y: y - size, size, font });
      y -= size * 1.4;
    }
    y -= size * 0.8;
  }
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}

/** Lines of words that fit the width; the standard fonts know only WinAnsi, so other characters go. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.replace(/[^\x20-\x7e\xa0-\xff–—’“”]/g, '').split(/\s+/)) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Bytes that read as nothing, derived from the text so that they too are the same on every run. */
function garbage(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.from(bytes.map((byte, index) => (byte * 31 + index * 7) & 0xff));
}

import mammoth from 'mammoth';
import { extractText, getDocumentProxy } from 'unpdf';
import { findReviewSections, REVIEW_SECTIONS, type ReviewSections } from './review-sections.js';

export const WORD_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const PDF_MEDIA_TYPE = 'application/pdf';
const GENERIC_MEDIA_TYPE = 'application/octet-stream';
/** An error message from a document library, cut to a length a column and a log line can carry. */
const MAX_REASON_LENGTH = 300;

/** What a post-incident review says, or why it can't be read (the document is kept either way). */
export interface IncidentReportReading {
  mediaType: string;
  text: string | null;
  sections: ReviewSections;
  /** Null when the text was read. */
  parseError: string | null;
}

/**
 * Reads a post-incident review as Graph streamed it. Graph declares no type (`application/octet-stream`),
 * so the bytes say what the document is: a PDF starts with `%PDF-`, a Word document is a zip package.
 * Word is read with mammoth, PDF with unpdf (pdf.js); anything else, or a document they can't open or
 * that holds no text, comes back with the reason and no text.
 */
export async function readIncidentReport(
  bytes: Buffer,
  declaredType: string | null,
): Promise<IncidentReportReading> {
  const mediaType = mediaTypeOf(bytes, declaredType);
  try {
    const text = tidy(await extractDocumentText(bytes, mediaType));
    if (text === '') return unreadable(mediaType, 'the document holds no text');
    return { mediaType, text, sections: findReviewSections(text), parseError: null };
  } catch (error) {
    return unreadable(mediaType, reason(error));
  }
}

export function mediaTypeOf(bytes: Buffer, declaredType: string | null): string {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return PDF_MEDIA_TYPE;
  if (bytes.subarray(0, 4).toString('latin1') === 'PK\x03\x04') return WORD_MEDIA_TYPE;
  const declared = declaredType?.split(';')[0]?.trim().toLowerCase();
  return declared || GENERIC_MEDIA_TYPE;
}

async function extractDocumentText(bytes: Buffer, mediaType: string): Promise<string> {
  switch (mediaType) {
    case WORD_MEDIA_TYPE:
      return (await mammoth.extractRawText({ buffer: bytes })).value;
    case PDF_MEDIA_TYPE: {
      const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
      try {
        return (await extractText(pdf, { mergePages: true })).text;
      } finally {
        await pdf.loadingTask.destroy();
      }
    }
    case 'text/plain':
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    default:
      throw new Error(`not a Word or PDF document (${mediaType})`);
  }
}

function unreadable(mediaType: string, parseError: string): IncidentReportReading {
  const sections = Object.fromEntries(REVIEW_SECTIONS.map((section) => [section, null])) as ReviewSections;
  return { mediaType, text: null, sections, parseError };
}

function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function reason(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
  return message.length > MAX_REASON_LENGTH ? `${message.slice(0, MAX_REASON_LENGTH - 1)}…` : message;
}

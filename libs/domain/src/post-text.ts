import { compile } from 'html-to-text';

const toText = compile({
  wordwrap: false,
  // Some posts are plain lines rather than HTML: their line breaks are the only structure they have.
  preserveNewlines: true,
  selectors: [
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    { selector: 'img', format: 'skip' },
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
    { selector: 'table', options: { uppercaseHeaderCells: false } },
  ],
});

/**
 * The plain text of a post's content, HTML or plain lines: `<br>` and blocks become line breaks, entities
 * are decoded, tags go, and whitespace is tidied (at most one blank line in a row, no padding).
 */
export function postTextFromHtml(content: string | null | undefined): string {
  return toText(content ?? '')
    .replace(/\r\n?/g, '\n')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

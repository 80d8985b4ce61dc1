import { parseAnnouncedTime } from './announced-time.js';
import { postTextFromHtml } from './post-text.js';

/** The sections of Microsoft's posts (upstreams.md), by the field that holds each. */
export const GRAPH_POST_SECTIONS = {
  title: 'Title',
  userImpact: 'User impact',
  currentStatus: 'Current status',
  scopeOfImpact: 'Scope of impact',
  startTime: 'Start time',
  endTime: 'End time',
  rootCause: 'Root cause',
  preliminaryRootCause: 'Preliminary root cause',
  nextUpdateBy: 'Next update by',
  finalStatus: 'Final status',
  estimatedTimeToResolve: 'Estimated time to resolve',
} as const;
export type GraphPostSection = keyof typeof GRAPH_POST_SECTIONS;

/** A Graph post (or a status-site message, written the same way), read. */
export interface GraphPost {
  /** The whole post as plain text. */
  text: string;
  /** Each known section's text; null when the post has none. */
  sections: Record<GraphPostSection, string | null>;
  /** Sections of other names, by their label as written (e.g. `More information`). */
  otherSections: Record<string, string>;
  /** "Start time", "End time" and "Next update by" as times; null when absent or unreadable. */
  startedAt: Date | null;
  endedAt: Date | null;
  nextUpdateAt: Date | null;
}

const SECTION_BY_LABEL = new Map(
  Object.entries(GRAPH_POST_SECTIONS).map(([key, label]) => [label.toLowerCase(), key as GraphPostSection]),
);
/** A line that opens a section: "Label: text", or a known label alone with its text on the next lines. */
const LABELLED_LINE = /^([A-Za-z][\w'()/&-]*(?: [\w'()/&-]+)*):(?: (.*))?$/;
/** Any longer label is more likely a sentence ending in a colon ("This affects the following users:"). */
const MAX_OTHER_LABEL_WORDS = 4;
/** Plain-text posts may run sections together on one line ("Title: … User impact: …"). */
const INLINE_KNOWN_LABEL = new RegExp(
  `[^\\S\\n]+(?=(?:${Object.values(GRAPH_POST_SECTIONS).join('|')}):)`,
  'g',
);

interface Opening {
  /** A key of GRAPH_POST_SECTIONS when `known`, else the label as written. */
  section: string;
  known: boolean;
  rest: string;
}

function openingOf(line: string): Opening | null {
  const [, label, rest = ''] = LABELLED_LINE.exec(line) ?? [];
  if (label === undefined) return null;
  const known = SECTION_BY_LABEL.get(label.toLowerCase());
  if (known) return { section: known, known: true, rest };
  const looksLikeLabel =
    /^[A-Z]/.test(label) && label.split(' ').length <= MAX_OTHER_LABEL_WORDS && rest !== '';
  return looksLikeLabel ? { section: label, known: false, rest } : null;
}

/** Each section's opening and text, in order; lines before the first label belong to none. */
function sectionBlocks(text: string): { opening: Opening; body: string }[] {
  const blocks: { opening: Opening; lines: string[] }[] = [];
  for (const line of text.replace(INLINE_KNOWN_LABEL, '\n').split('\n')) {
    const opening = openingOf(line);
    if (opening) blocks.push({ opening, lines: [opening.rest] });
    else blocks.at(-1)?.lines.push(line);
  }
  return blocks.map(({ opening, lines }) => ({ opening, body: lines.join('\n').trim() }));
}

/** Reads a post's content (HTML or plain lines) into its text and its sections. */
export function parseGraphPost(content: string | null | undefined): GraphPost {
  const text = postTextFromHtml(content);
  const sections = Object.fromEntries(Object.keys(GRAPH_POST_SECTIONS).map((key) => [key, null])) as Record<
    GraphPostSection,
    string | null
  >;
  const otherSections: Record<string, string> = {};
  for (const { opening, body } of sectionBlocks(text)) {
    const target: Record<string, string | null> = opening.known ? sections : otherSections;
    const earlier = target[opening.section];
    // A section given twice keeps both texts: nothing Microsoft wrote is dropped.
    if (body) target[opening.section] = earlier ? `${earlier}\n\n${body}` : body;
  }
  return {
    text,
    sections,
    otherSections,
    startedAt: parseAnnouncedTime(sections.startTime),
    endedAt: parseAnnouncedTime(sections.endTime),
    nextUpdateAt: parseAnnouncedTime(sections.nextUpdateBy),
  };
}

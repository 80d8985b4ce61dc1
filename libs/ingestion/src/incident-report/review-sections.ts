/**
 * The six sections Microsoft's post-incident reviews carry (its business-continuity guidance), found in a
 * review's text by their headings. Headings vary in case and punctuation ("Root Cause", "ROOT CAUSE:",
 * "Incident Start–End Date and Time"), stand on their own line or open it ("Root cause: A configuration
 * change…", "Scope of impact – Europe"); a section runs to the next recognised heading. One missing stays null.
 */
export const REVIEW_SECTIONS = [
  'userImpact',
  'scopeOfImpact',
  'startEndTime',
  'rootCause',
  'actionsTaken',
  'nextSteps',
] as const;
export type ReviewSection = (typeof REVIEW_SECTIONS)[number];
export type ReviewSections = Record<ReviewSection, string | null>;

/**
 * Headings as `normalize` leaves them: lower case, words separated by one space. The start and the end
 * may have a heading each: their section then keeps which is which.
 */
const HEADINGS: { section: ReviewSection; pattern: RegExp; label?: string }[] = [
  { section: 'userImpact', pattern: /^(?:user|customer) impact$/ },
  { section: 'scopeOfImpact', pattern: /^scope of impact$/ },
  {
    section: 'startEndTime',
    pattern: /^(?:incident )?start (?:and |to )?end (?:date(?:s)? and time(?:s)?|date(?:s)?|time(?:s)?)$/,
  },
  { section: 'startEndTime', pattern: /^incident start (?:date and )?time$/, label: 'Start' },
  { section: 'startEndTime', pattern: /^incident end (?:date and )?time$/, label: 'End' },
  { section: 'rootCause', pattern: /^(?:preliminary )?root cause(?: analysis)?$/ },
  { section: 'actionsTaken', pattern: /^actions? taken$/ },
  { section: 'nextSteps', pattern: /^next steps$/ },
];
/** Longer than this before a colon, it is a sentence, not a heading. */
const MAX_HEADING_LENGTH = 60;

export function findReviewSections(text: string): ReviewSections {
  const found = new Map<ReviewSection, string[]>();
  let current: string[] | null = null;
  for (const line of text.split(/\r?\n/)) {
    const heading = readHeading(line);
    if (heading) {
      current = found.get(heading.section) ?? [];
      found.set(heading.section, current);
      if (heading.rest !== '') current.push(heading.rest);
    } else current?.push(line.trim());
  }
  return Object.fromEntries(
    REVIEW_SECTIONS.map((section) => [section, joinLines(found.get(section) ?? [])]),
  ) as ReviewSections;
}

function readHeading(line: string): { section: ReviewSection; rest: string } | null {
  // The heading ends at a colon or a spaced dash ("Scope of impact – Europe"), or is the whole line.
  const separator = /:|\s[-–—]\s/.exec(line);
  const candidates =
    separator && separator.index > 0 && separator.index <= MAX_HEADING_LENGTH
      ? [{ heading: line.slice(0, separator.index), rest: line.slice(separator.index + separator[0].length) }]
      : [];
  if (line.trim().length <= MAX_HEADING_LENGTH) candidates.push({ heading: line, rest: '' });
  for (const { heading, rest } of candidates) {
    const words = normalize(heading);
    const known = HEADINGS.find(({ pattern }) => pattern.test(words));
    if (known) {
      const text = rest.trim();
      return { section: known.section, rest: known.label ? `${known.label}: ${text}`.trim() : text };
    }
  }
  return null;
}

function normalize(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The section's lines, blank runs folded to one empty line; nothing at all is null. */
function joinLines(lines: string[]): string | null {
  const text = lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text === '' ? null : text;
}

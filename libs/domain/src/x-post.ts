import type { HealthLevel } from './health-level.js';
import { healthLevelOf, isResolvedStatus, type GraphServiceHealthStatus } from './status-word.js';

/** What an X post's words say about its incident. */
export interface XPostReading {
  /** The closest Graph word, for the incident's `status`. */
  status: GraphServiceHealthStatus;
  level: HealthLevel;
  isResolved: boolean;
}

interface WordRule {
  status: GraphServiceHealthStatus;
  words: readonly string[];
  /** A word does not count when one of these comes at most `within` words before it, in its sentence. */
  unlessAfter?: { words: readonly string[]; within: number };
}

/** semantics.md, "Health levels": the first rule with a word in the post decides, so resolution wins. */
export const X_POST_RULES: readonly WordRule[] = [
  {
    status: 'serviceRestored',
    words: ['resolved', 'restored', 'mitigated', 'recovered', 'no longer'],
    // A promise is not a report: "not yet resolved", "until service is restored", "expect it mitigated".
    unlessAfter: {
      words: [
        'not',
        'never',
        'yet',
        'until',
        'once',
        'when',
        'if',
        'partially',
        'expect',
        'expected',
        'expects',
      ],
      within: 4,
    },
  },
  {
    status: 'serviceInterruption',
    words: ['interruption', 'interruptions', 'interrupted', 'outage', 'outages', 'down'],
    // "Narrowing down the cause" is no outage.
    unlessAfter: {
      words: [
        'narrow',
        'narrowed',
        'narrowing',
        'track',
        'tracked',
        'tracking',
        'scaled',
        'scaling',
        'slowed',
      ],
      within: 1,
    },
  },
  {
    status: 'serviceDegradation',
    words: ['degradation', 'degraded', 'delay', 'delays', 'delayed', 'unable'],
  },
];
/** An opener, or any post that names no level, says that Microsoft is looking into it. */
const OTHERWISE: GraphServiceHealthStatus = 'investigating';

/** upstreams.md, "Openers": the phrases that start an event, in the contracted forms. */
export const X_OPENERS = [
  "we're investigating",
  "we're reviewing",
  "we're looking into",
  "we've identified",
  "we've confirmed",
];

/** One spelling for what X posts write several ways: case, curly apostrophes, contractions. */
function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s+/g, ' ')
    .replace(/\bwe are\b/g, "we're")
    .replace(/\bwe have\b/g, "we've")
    .replace(/\b(we're|we've) (?:currently|also|now|actively) /g, '$1 ')
    .replace(/n't\b/g, ' not');
}

function wordsPattern(words: readonly string[], flags: string): RegExp {
  return new RegExp(`\\b(?:${words.map((word) => word.replace(/ /g, '\\s+')).join('|')})\\b`, flags);
}

const COMPILED_RULES = X_POST_RULES.map((rule) => ({
  ...rule,
  pattern: wordsPattern(rule.words, 'g'),
  unless: new Set(rule.unlessAfter?.words),
  within: rule.unlessAfter?.within ?? 0,
}));
const OPENER = wordsPattern(X_OPENERS, '');

function applies(rule: (typeof COMPILED_RULES)[number], text: string): boolean {
  return text.split(/[.!?;:\n]+/).some((sentence) =>
    [...sentence.matchAll(rule.pattern)].some((match) => {
      const before = sentence.slice(0, match.index).match(/[a-z']+/g) ?? [];
      return !before.slice(before.length - rule.within).some((word) => rule.unless.has(word));
    }),
  );
}

/** The level and resolution an X post's words give (an X post has no status word). */
export function readXPost(text: string): XPostReading {
  const normalised = normalise(text);
  const status = COMPILED_RULES.find((rule) => applies(rule, normalised))?.status ?? OTHERWISE;
  return { status, level: healthLevelOf(status), isResolved: isResolvedStatus(status) };
}

/**
 * Whether a post may start a provisional incident: it opens ("We're investigating …") and does not
 * close ("We've confirmed that … is now resolved" is a closer).
 */
export function isXPostOpener(text: string): boolean {
  return OPENER.test(normalise(text)) && !readXPost(text).isResolved;
}

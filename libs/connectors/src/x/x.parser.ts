import type { XPost } from '#domain';
import { ConnectorError } from '../connector.error.js';
import { validateAnswer, validateItems } from '../shared/answer.validator.js';
import { isHtmlPage } from '../shared/json-body.parser.js';
import type { PartialNotes } from '../shared/validation.notes.js';
import { xTimelinePageSchema, xTimelinePostSchema, xUserAnswerSchema } from './x.schemas.js';

export interface XTimelinePage {
  /** The posts as X sent them. */
  tweets: XPost[];
  /** The newest id the page names (its `meta.newest_id`), whether or not its post validated. */
  newestId: string | null;
}

/**
 * The client library hands over a body it could not read as JSON as a string: a web page or plain text
 * where JSON was due.
 */
function assertJson(data: unknown, what: string): void {
  if (typeof data === 'string') {
    const found = isHtmlPage(data, null) ? 'an HTML page' : 'text';
    throw new ConnectorError('malformed', `${what}: ${found} instead of JSON`);
  }
}

/** The user's id; no user by that name is `unavailable` (nothing to poll), not malformed data. */
export function parseXUserAnswer(data: unknown, username: string, what: string): string {
  assertJson(data, what);
  const answer = validateAnswer(xUserAnswerSchema, data, what);
  if (!answer.data) {
    const reason = answer.errors?.[0]?.title ?? 'no user in the answer';
    throw new ConnectorError('unavailable', `${what}: @${username} not found (${reason})`);
  }
  return answer.data.id;
}

/** One timeline page; a post that fails validation is noted as unreadable. */
export function parseXTimelinePage(data: unknown, what: string, notes: PartialNotes): XTimelinePage {
  assertJson(data, what);
  const page = validateAnswer(xTimelinePageSchema, data, what);
  return {
    tweets: validateItems(xTimelinePostSchema, page.data ?? [], { kind: 'x.post', idField: 'id' }, notes),
    newestId: page.meta.newest_id ?? null,
  };
}

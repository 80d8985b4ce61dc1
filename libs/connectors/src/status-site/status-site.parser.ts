import Parser from 'rss-parser';
import { ConnectorError } from '../connector.error.js';
import { validateAnswer, validateItems } from '../shared/answer.validator.js';
import { isHtmlPage, parseJsonBody } from '../shared/json-body.parser.js';
import type { PartialNotes } from '../shared/validation.notes.js';
import {
  statusSiteConsumerListSchema,
  statusSiteConsumerPostSchema,
  statusSiteFeedItemSchema,
  statusSitePostSchema,
  type StatusSiteConsumerPost,
  type StatusSiteFeedItem,
  type StatusSitePost,
} from './status-site.schemas.js';

/** Without `customFields`, rss-parser drops the feed's `<status>` element (upstreams.md §2). */
const rss = new Parser({ customFields: { item: ['status'] } });

/** An answer's text with the content type it came with. */
export interface StatusSiteAnswer {
  text: string;
  contentType: string | null;
}

/**
 * `/api/feed/{name}`: an RSS 2.0 feed with one item. The site answers any path it does not know with its
 * app's HTML shell under a 200, so a web page, or anything rss-parser cannot read, is `malformed`.
 */
export async function parseStatusSiteFeed(
  answer: StatusSiteAnswer,
  what: string,
  notes: PartialNotes,
): Promise<StatusSiteFeedItem[]> {
  if (isHtmlPage(answer.text, answer.contentType)) {
    throw new ConnectorError('malformed', `${what}: an HTML page instead of RSS`);
  }
  let items: unknown[];
  try {
    items = (await rss.parseString(answer.text)).items;
  } catch {
    throw new ConnectorError('malformed', `${what}: not an RSS feed`);
  }
  if (items.length === 0) throw new ConnectorError('malformed', `${what}: RSS feed without an item`);
  return validateItems(
    statusSiteFeedItemSchema,
    items,
    { kind: 'statusSite.feedItem', idField: 'title' },
    notes,
  );
}

/** `/api/posts/mac`: one post object; one that fails validation fails the poll. */
export function parseStatusSitePost(answer: StatusSiteAnswer, what: string): StatusSitePost {
  return validateAnswer(statusSitePostSchema, parseJsonBody(answer.text, answer.contentType, what), what);
}

/** `/api/posts/m365Consumer`: an array of posts, each validated on its own. */
export function parseStatusSiteConsumerPosts(
  answer: StatusSiteAnswer,
  what: string,
  notes: PartialNotes,
): StatusSiteConsumerPost[] {
  const list = validateAnswer(
    statusSiteConsumerListSchema,
    parseJsonBody(answer.text, answer.contentType, what),
    what,
  );
  return validateItems(statusSiteConsumerPostSchema, list, { kind: 'statusSite.post', idField: 'Id' }, notes);
}

import {
  statusSiteConsumerPostPayload,
  statusSiteFeedItemPayload,
  statusSitePostPayload,
  type StatusSiteConsumerPost,
  type StatusSiteFeedItem,
  type StatusSitePost,
} from '#domain';
import Parser from 'rss-parser';
import { ConnectorError } from '../connector.error.js';
import { validateAnswer, validateItems, validateReceivedAnswer } from '../shared/answer.validator.js';
import { isHtmlPage, parseJsonBody } from '../shared/json-body.parser.js';
import type { PartialNotes } from '../shared/validation.notes.js';
import { statusSiteConsumerListSchema } from './status-site.schemas.js';

/** Without `customFields`, rss-parser drops the feed's `<status>` element (upstreams.md §2). */
const rss = new Parser({ customFields: { item: ['status'] } });

/** An answer's text with the content type it came with. */
export interface StatusSiteAnswer {
  text: string;
  contentType: string | null;
}

/**
 * `/api/feed/{name}`: an RSS 2.0 feed with one item, read as the item's own elements. The site answers any
 * path it does not know with its app's HTML shell under a 200, so a web page, or anything rss-parser
 * cannot read, is `malformed`.
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
    statusSiteFeedItemPayload,
    items.map(rssElements),
    { kind: 'statusSite.feedItem', idField: 'title' },
    notes,
  );
}

/**
 * The RSS item's elements back from rss-parser's shape, which hands `<description>` over as `content` and
 * adds fields of its own (`contentSnippet`, `isoDate`).
 */
function rssElements(item: unknown): Record<string, unknown> {
  const fields = (item ?? {}) as Record<string, unknown>;
  return {
    title: fields.title ?? null,
    description: fields.content ?? null,
    status: fields.status ?? null,
    pubDate: fields.pubDate ?? null,
  };
}

/** `/api/posts/mac`: one post object; one that fails validation fails the poll. */
export function parseStatusSitePost(answer: StatusSiteAnswer, what: string): StatusSitePost {
  return validateReceivedAnswer(
    statusSitePostPayload,
    parseJsonBody(answer.text, answer.contentType, what),
    what,
  );
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
  return validateItems(
    statusSiteConsumerPostPayload,
    list,
    { kind: 'statusSite.post', idField: 'Id' },
    notes,
  );
}

import type { RawSignal } from '#domain';
import type { ConnectorSettings } from '../connector.options.js';
import type { Connector, PollRequest, PollResult } from '../connector.js';
import { failPoll } from '../shared/poll-failure.js';
import { newPollContext } from '../shared/poll.context.js';
import { PartialNotes } from '../shared/validation.notes.js';
import { StatusSiteClient } from './status-site.client.js';
import { toConsumerPostSignal, toFeedItemSignal, toPostSignal } from './status-site.mapper.js';
import {
  parseStatusSiteConsumerPosts,
  parseStatusSiteFeed,
  parseStatusSitePost,
} from './status-site.parser.js';

/** The RSS feeds read, by name: the admin center's and the Power Platform admin center's. */
export const STATUS_SITE_FEEDS = ['mac', 'ppac'] as const;

const RSS = 'application/rss+xml, application/xml;q=0.9, text/xml;q=0.8';
const JSON_TYPE = 'application/json';

/**
 * The public status site: both RSS feeds, the admin center's post and the consumer workloads' posts. Each
 * poll reads them all. As for Graph, a whole answer that fails fails the poll: a poll stores the site's
 * whole state or nothing, and the error names the endpoint. Single items that fail validation are skipped
 * and reported as `partial`. No cursor: every poll reads the current state, and the content hash keeps
 * unchanged items from being stored twice.
 */
export class StatusSiteConnector implements Connector {
  readonly channel = 'STATUS_SITE' as const;
  readonly tenantId = null;
  readonly #client: StatusSiteClient;

  constructor(origin: string, settings: ConnectorSettings) {
    this.#client = new StatusSiteClient(origin, settings);
  }

  async poll({ signal }: PollRequest): Promise<PollResult> {
    const poll = newPollContext(signal);
    const notes = new PartialNotes();
    try {
      const signals: RawSignal[] = [];
      for (const feed of STATUS_SITE_FEEDS) {
        const path = `/api/feed/${feed}`;
        const items = await parseStatusSiteFeed(await this.#client.get(path, RSS, poll), what(path), notes);
        signals.push(...items.map((item) => toFeedItemSignal(feed, item)));
      }
      const macPath = '/api/posts/mac';
      signals.push(
        toPostSignal(parseStatusSitePost(await this.#client.get(macPath, JSON_TYPE, poll), what(macPath))),
      );
      const consumerPath = '/api/posts/m365Consumer';
      const consumer = await this.#client.get(consumerPath, JSON_TYPE, poll);
      signals.push(
        ...parseStatusSiteConsumerPosts(consumer, what(consumerPath), notes).map(toConsumerPostSignal),
      );
      return {
        signals,
        cursor: null,
        requests: poll.stats.requests,
        throttledMs: poll.stats.throttledMs,
        partial: notes.summary(),
      };
    } catch (error) {
      throw failPoll(error, 'Status site poll', poll);
    }
  }
}

function what(path: string): string {
  return `Status site GET ${path}`;
}

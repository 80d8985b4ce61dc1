import type { RawSignal } from '#domain';
import type { ConnectorSettings } from '../connector.options.js';
import type { Connector, PollRequest, PollResult } from '../connector.js';
import { failPoll } from '../shared/poll-failure.js';
import { PollParts } from '../shared/poll-parts.js';
import { newPollContext } from '../shared/poll.context.js';
import { toUnreadableSignal } from '../shared/raw-signal.factory.js';
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
 * poll reads them all, each on its own: an endpoint that fails is named in `partial` and the others' answers
 * are kept; only a poll where every endpoint failed fails. Single items that fail validation are returned
 * as unreadable signals (stored as received). No cursor: every poll reads the current state, and the content hash keeps
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
    const parts = new PollParts(poll, notes);
    const get = (path: string, accept: string) => this.#client.get(path, accept, poll);
    try {
      const signals: RawSignal[] = [];
      const keep = (items: RawSignal[] | undefined) => signals.push(...(items ?? []));
      for (const feed of STATUS_SITE_FEEDS) {
        const path = `/api/feed/${feed}`;
        keep(
          await parts.read(`feed/${feed}`, async () =>
            (await parseStatusSiteFeed(await get(path, RSS), what(path), notes)).map((item) =>
              toFeedItemSignal(feed, item),
            ),
          ),
        );
      }
      const macPath = '/api/posts/mac';
      keep(
        await parts.read('posts/mac', async () => [
          toPostSignal(parseStatusSitePost(await get(macPath, JSON_TYPE), what(macPath))),
        ]),
      );
      const consumerPath = '/api/posts/m365Consumer';
      keep(
        await parts.read('posts/m365Consumer', async () =>
          parseStatusSiteConsumerPosts(await get(consumerPath, JSON_TYPE), what(consumerPath), notes).map(
            toConsumerPostSignal,
          ),
        ),
      );
      parts.throwIfNoneRead();
      keep(notes.unreadableItems.map((item) => toUnreadableSignal('STATUS_SITE', null, item)));
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

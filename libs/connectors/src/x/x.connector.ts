import type { Secret } from '#config';
import type { ConnectorSettings } from '../connector.options.js';
import type { Connector, PollRequest, PollResult } from '../connector.js';
import { failPoll } from '../shared/poll-failure.js';
import { newPollContext } from '../shared/poll.context.js';
import { toUnreadableSignal } from '../shared/raw-signal.factory.js';
import { PartialNotes } from '../shared/validation.notes.js';
import { XClient } from './x.client.js';
import { readXCursor, type XCursor } from './x.cursor.js';
import { isReplyOrRepost, newerXId, toXPostSignal } from './x.mapper.js';

/**
 * One X account's posts (@MSFT365Status by default): its id is looked up once and kept, then each poll
 * reads the timeline since the newest post seen, every page. The first poll reads only the newest page(s):
 * Beacon starts from now, not from the account's history.
 */
export class XPostsConnector implements Connector {
  readonly channel = 'X' as const;
  readonly tenantId = null;
  readonly #client: XClient;
  /** Looked up once per process when no cursor brings it. */
  #userId: string | null = null;

  constructor(
    bearerToken: Secret,
    apiBaseUrl: string,
    private readonly username: string,
    private readonly settings: ConnectorSettings,
  ) {
    this.#client = new XClient(bearerToken, apiBaseUrl, settings);
  }

  async poll({ cursor, signal }: PollRequest): Promise<PollResult> {
    const poll = newPollContext(signal);
    const notes = new PartialNotes();
    const previous = readXCursor(cursor, this.username);
    try {
      const userId = previous?.userId ?? this.#userId ?? (await this.#client.userId(this.username, poll));
      this.#userId = userId;
      const sinceId = previous?.sinceId ?? null;
      const maxPages = sinceId === null ? this.settings.xFirstPollPages : this.settings.xMaxPages;
      const read = await this.#client.timeline(userId, sinceId, maxPages, poll, notes);
      // Incomplete after a first poll is the point of it. After `since_id` it means posts were left unread
      // between the pages read and the cursor; the default cap (32 pages of 100) is all the API ever gives.
      if (!read.complete && sinceId !== null) notes.add(`timeline: stopped after ${read.pages.length} pages`);
      const tweets = read.pages.flatMap((page) => page.tweets);
      const newest = [...read.pages.map((page) => page.newestId), ...tweets.map((tweet) => tweet.id)].reduce(
        newerXId,
        sinceId,
      );
      const next: XCursor = { userId, username: this.username, sinceId: newest };
      return {
        signals: [
          ...tweets.filter((tweet) => !isReplyOrRepost(tweet, userId)).map(toXPostSignal),
          ...notes.unreadableItems.map((item) => toUnreadableSignal('X', null, item)),
        ],
        cursor: { ...next },
        requests: poll.stats.requests,
        throttledMs: poll.stats.throttledMs,
        partial: notes.summary(),
      };
    } catch (error) {
      throw failPoll(error, `X poll of @${this.username}`, poll);
    }
  }
}

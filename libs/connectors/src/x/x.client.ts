import http from 'node:http';
import { TwitterApi, type TweetV2UserTimelineParams } from 'twitter-api-v2';
import type { Secret } from '#config';
import type { ConnectorSettings } from '../connector.options.js';
import type { PollContext } from '../shared/poll.context.js';
import type { PartialNotes } from '../shared/validation.notes.js';
import { classifyXError } from './x-error.classifier.js';
import { XHttpPlugin } from './x-http.plugin.js';
import { XRateLimitTracker } from './x-rate-limit.tracker.js';
import { parseXTimelinePage, parseXUserAnswer, type XTimelinePage } from './x.parser.js';

export interface XTimelineRead {
  pages: XTimelinePage[];
  /** False when more pages were left than `maxPages` allowed. */
  complete: boolean;
}

/**
 * X API v2 through `twitter-api-v2`: one client per call, whose plugin is bound to the poll (signal,
 * counters) and to the parser that validates each answer. Rate limits outlive polls.
 */
export class XClient {
  readonly #limits: XRateLimitTracker;
  /** The library sends with `https.request`; a plain-http base (a local stand-in) needs an http agent. */
  readonly #httpAgent: http.Agent | undefined;

  constructor(
    private readonly bearerToken: Secret,
    private readonly apiBaseUrl: string,
    private readonly settings: ConnectorSettings,
  ) {
    this.#limits = new XRateLimitTracker(settings.clock);
    this.#httpAgent = apiBaseUrl.startsWith('http:') ? new http.Agent() : undefined;
  }

  async userId(username: string, poll: PollContext): Promise<string> {
    const what = `X GET user @${username}`;
    let userId: string | undefined;
    const { api, plugin } = this.#api(poll, (data) => {
      userId = parseXUserAnswer(data, username, what);
    });
    await this.#call(what, poll, plugin, () => api.v2.userByUsername(username));
    if (userId === undefined) throw new Error('X user lookup ended without an answer');
    return userId;
  }

  /** The timeline, newest first, page after page until the last or `maxPages`. */
  async timeline(
    userId: string,
    sinceId: string | null,
    maxPages: number,
    poll: PollContext,
    notes: PartialNotes,
  ): Promise<XTimelineRead> {
    const what = `X GET timeline of ${userId}`;
    const pages: XTimelinePage[] = [];
    const { api, plugin } = this.#api(poll, (data) => pages.push(parseXTimelinePage(data, what, notes)));
    const params: TweetV2UserTimelineParams = {
      max_results: 100,
      exclude: ['replies', 'retweets'],
      'tweet.fields': ['created_at', 'referenced_tweets', 'in_reply_to_user_id', 'conversation_id'],
      ...(sinceId === null ? {} : { since_id: sinceId }),
    };
    const timeline = await this.#call(what, poll, plugin, () => api.v2.userTimeline(userId, params));
    while (!timeline.done && pages.length < maxPages) {
      await this.#call(what, poll, plugin, () => timeline.fetchNext());
    }
    return { pages, complete: timeline.done };
  }

  #api(poll: PollContext, onAnswer: (data: unknown) => void) {
    const plugin = new XHttpPlugin(
      { ...this.settings, apiBaseUrl: this.apiBaseUrl },
      this.#limits,
      poll,
      onAnswer,
    );
    const api = new TwitterApi(this.bearerToken.reveal(), {
      plugins: [plugin],
      ...(this.#httpAgent ? { httpAgent: this.#httpAgent } : {}),
    });
    return { api, plugin };
  }

  async #call<T>(what: string, poll: PollContext, plugin: XHttpPlugin, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw classifyXError(error, {
        what,
        pollSignal: poll.signal,
        request: plugin.last,
        requestTimeoutMs: this.settings.requestTimeoutMs,
        maxBodyBytes: this.settings.maxBodyBytes,
        limits: this.#limits,
        now: this.settings.clock.now(),
      });
    }
  }
}

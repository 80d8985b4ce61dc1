import type { GraphTenant } from '#config';
import {
  graphHealthOverviewPayload,
  graphIssuePayload,
  graphMessagePayload,
  type RawSignal,
  type SignalKind,
} from '#domain';
import type { z } from 'zod';
import { ConnectorError } from '../connector.error.js';
import type { ConnectorSettings } from '../connector.options.js';
import type { Connector, PollRequest, PollResult } from '../connector.js';
import { failPoll } from '../shared/poll-failure.js';
import { PollParts } from '../shared/poll-parts.js';
import { toUnreadableSignal } from '../shared/raw-signal.factory.js';
import { newPollContext, type PollContext } from '../shared/poll.context.js';
import type { GraphPacer } from './graph-request.pacer.js';
import { PartialNotes } from '../shared/validation.notes.js';
import { GraphClient, type GraphDocument } from './graph.client.js';
import {
  advanceModifiedSince,
  modifiedSinceFilter,
  readGraphCursor,
  type GraphCursor,
} from './graph.cursor.js';
import { toHealthOverviewSignal, toIssueSignal, toMessageSignal } from './graph.mapper.js';
import { nextLinkPath } from './graph-next-link.util.js';
import { parseGraphPage } from './graph.parser.js';
import { GraphTokenProvider, type GraphEndpoints } from './graph-token.provider.js';

const ROOT = '/admin/serviceAnnouncement';
/** Post-incident reviews are documents, not pages of JSON: they may be larger than an answer may be. */
const MAX_INCIDENT_REPORT_BYTES = 32 * 1024 * 1024;

type Collection = 'healthOverviews' | 'issues' | 'messages';
const KIND = {
  healthOverviews: 'graph.healthOverview',
  issues: 'graph.issue',
  messages: 'graph.message',
} as const satisfies Record<Collection, SignalKind>;

interface CollectionRead<T> {
  items: T[];
  /** False when paging stopped at `graphMaxPages`: the cursor must not move past unread pages. */
  complete: boolean;
}

/**
 * One tenant's Service health: every poll reads `healthOverviews`, then the issues and messages modified
 * since the cursor (a full scan on the first poll, or when Graph refuses the filter with a 400). Each
 * collection has its own cursor; one not read completely keeps it where it was.
 */
export class GraphServiceHealthConnector implements Connector {
  readonly channel = 'GRAPH' as const;
  readonly tenantId: string;
  readonly #client: GraphClient;
  readonly #baseUrl: string;
  /** Collections whose `$filter` Graph refused: later polls scan them in full without asking again. */
  readonly #filterRefused = new Set<Collection>();

  constructor(
    tenant: GraphTenant,
    endpoints: GraphEndpoints,
    pacer: GraphPacer,
    private readonly settings: ConnectorSettings,
  ) {
    this.tenantId = tenant.id;
    this.#baseUrl = endpoints.baseUrl;
    const tokens = new GraphTokenProvider(tenant, endpoints, settings);
    this.#client = new GraphClient(endpoints.baseUrl, tokens, pacer, settings);
  }

  async poll({ cursor, signal }: PollRequest): Promise<PollResult> {
    const poll = newPollContext(signal);
    const notes = new PartialNotes();
    const parts = new PollParts(poll, notes);
    const since = readGraphCursor(cursor);
    try {
      // Health overviews and issues are what a fresh Graph stands for (semantics.md): a poll without them
      // fails. Messages are apart (ServiceMessage.Read.All may not be consented): without them, the poll
      // keeps the rest and says so in `partial`.
      const overviews = await this.#read('healthOverviews', graphHealthOverviewPayload, null, poll, notes);
      const issues = await this.#read('issues', graphIssuePayload, since.issuesModifiedSince, poll, notes);
      const messages = await parts.read('messages', () =>
        this.#read('messages', graphMessagePayload, since.messagesModifiedSince, poll, notes),
      );
      const signals: RawSignal[] = [
        ...overviews.items.map((item) => toHealthOverviewSignal(this.tenantId, item)),
        ...issues.items.map((item) => toIssueSignal(this.tenantId, item)),
        ...(messages?.items ?? []).map((item) => toMessageSignal(this.tenantId, item)),
        ...notes.unreadableItems.map((item) => toUnreadableSignal('GRAPH', this.tenantId, item)),
      ];
      const next: GraphCursor = {
        issuesModifiedSince: advance(since.issuesModifiedSince, issues),
        // Messages that were not read are asked for again from where the cursor stood.
        messagesModifiedSince: messages
          ? advance(since.messagesModifiedSince, messages)
          : since.messagesModifiedSince,
      };
      return {
        signals,
        cursor: { ...next },
        requests: poll.stats.requests,
        throttledMs: poll.stats.throttledMs,
        partial: notes.summary(),
      };
    } catch (error) {
      throw failPoll(error, `Graph poll for tenant ${this.tenantId}`, poll);
    }
  }

  /**
   * One issue's post-incident review as Graph streams it (`issues/{id}/incidentReport`), through this
   * tenant's client: the same token, pacing and budget as its polls. Any failure is a ConnectorError.
   */
  async fetchIncidentReport(issueId: string, signal: AbortSignal): Promise<GraphDocument> {
    const path = `${ROOT}/issues/${encodeURIComponent(issueId)}/incidentReport`;
    const what = `Graph GET incidentReport of ${issueId} for tenant ${this.tenantId}`;
    return this.#client.getBytes({ path, what }, MAX_INCIDENT_REPORT_BYTES, newPollContext(signal));
  }

  /** Reads a collection, incrementally when there is a cursor and Graph takes the filter. */
  async #read<S extends z.ZodType>(
    collection: Collection,
    schema: S,
    since: string | null,
    poll: PollContext,
    notes: PartialNotes,
  ): Promise<CollectionRead<z.input<S>>> {
    if (since === null || this.#filterRefused.has(collection))
      return this.#scan(collection, schema, null, poll, notes);
    try {
      return await this.#scan(collection, schema, modifiedSinceFilter(since), poll, notes);
    } catch (error) {
      // The documentation guarantees no filter operator (upstreams.md §1): a 400 means "scan it all".
      if (!(error instanceof ConnectorError) || error.httpStatus !== 400) throw error;
      this.#filterRefused.add(collection);
      return this.#scan(collection, schema, null, poll, notes);
    }
  }

  /** Follows every next link, up to `graphMaxPages`. */
  async #scan<S extends z.ZodType>(
    collection: Collection,
    schema: S,
    filter: string | null,
    poll: PollContext,
    notes: PartialNotes,
  ): Promise<CollectionRead<z.input<S>>> {
    const what = `Graph GET ${collection} for tenant ${this.tenantId}`;
    const kind = KIND[collection];
    const pageSize = collection === 'healthOverviews' ? undefined : this.settings.graphPageSize;
    const items: z.input<S>[] = [];
    let path: string | null = `${ROOT}/${collection}`;
    for (let page = 0; path !== null; page++) {
      if (page === this.settings.graphMaxPages) {
        notes.add(`${collection}: stopped after ${page} pages`);
        return { items, complete: false };
      }
      const body = await this.#client.get(
        { path, what, pageSize, filter: page === 0 && filter !== null ? filter : undefined },
        poll,
      );
      const parsed = parseGraphPage(body, schema, kind, what, notes);
      items.push(...parsed.items);
      path = parsed.nextLink === null ? null : nextLinkPath(parsed.nextLink, this.#baseUrl);
    }
    return { items, complete: true };
  }
}

function advance(since: string | null, read: CollectionRead<{ lastModifiedDateTime?: string | null }>) {
  if (!read.complete) return since;
  return advanceModifiedSince(
    since,
    read.items.map((item) => item.lastModifiedDateTime),
  );
}

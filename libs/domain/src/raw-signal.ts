import type { Channel } from './channel.js';

/** What one upstream answer item is: the connectors produce these, ingestion stores them as they are. */
export const SIGNAL_KINDS = [
  'graph.healthOverview',
  'graph.issue',
  'graph.message',
  'statusSite.feedItem',
  'statusSite.post',
  'x.post',
] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

/**
 * Kinds that are snapshots of a current state rather than events: a service goes operational → degraded →
 * operational, and the third answer, identical to the first, is news again.
 */
export const STATE_SIGNAL_KINDS: ReadonlySet<SignalKind> = new Set([
  'graph.healthOverview',
  'statusSite.feedItem',
  'statusSite.post',
]);

/**
 * One validated item from one upstream answer. Two signals are the same when channel, tenant, kind,
 * external id and content hash are equal: a re-poll of unchanged data is not stored twice.
 */
export interface RawSignal {
  channel: Channel;
  /** The tenant whose Graph returned it; null for the global channels. */
  tenantId: string | null;
  kind: SignalKind;
  /** The upstream's id of the item (issue id, tweet id, status-site post id, service id, …). */
  externalId: string;
  /** sha256 (hex) of the item's content, without fields that change on every request. */
  contentHash: string;
  /** When the upstream says the item was published or last modified, if it says. */
  publishedAt: Date | null;
  /** The item, as the upstream sent it (validated, unless `unreadable` says why it failed). */
  payload: Record<string, unknown>;
  /**
   * sha256 (hex) of the whole payload's canonical JSON, the key it is stored under once (`raw_payloads`):
   * the connectors compute it with `contentHash` (the same hash when no field is volatile).
   */
  payloadHash: string;
  /** Why the item failed validation: it is stored as received, visible in the poll run, never correlated. */
  unreadable?: string | null;
}

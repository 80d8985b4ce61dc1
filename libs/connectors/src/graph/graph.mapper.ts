import type { GraphHealthOverview, GraphIssue, GraphMessage, RawSignal } from '#domain';
import { toRawSignal } from '../shared/raw-signal.factory.js';
import { toTimestamp } from '../shared/timestamp.util.js';

/** One service's status in one tenant; Graph gives it no time, so `publishedAt` is null. */
export function toHealthOverviewSignal(tenantId: string, item: GraphHealthOverview): RawSignal {
  return toRawSignal({
    channel: 'GRAPH',
    tenantId,
    kind: 'graph.healthOverview',
    externalId: item.id,
    publishedAt: null,
    payload: item,
  });
}

export function toIssueSignal(tenantId: string, item: GraphIssue): RawSignal {
  return toRawSignal({
    channel: 'GRAPH',
    tenantId,
    kind: 'graph.issue',
    externalId: item.id,
    publishedAt: toTimestamp(item.lastModifiedDateTime),
    payload: item,
  });
}

export function toMessageSignal(tenantId: string, item: GraphMessage): RawSignal {
  return toRawSignal({
    channel: 'GRAPH',
    tenantId,
    kind: 'graph.message',
    externalId: item.id,
    publishedAt: toTimestamp(item.lastModifiedDateTime),
    payload: item,
  });
}

import { type Channel, CHANNELS } from './channel.js';
import type { HealthLevel } from './health-level.js';

/** What one channel last said about a service. */
export interface ServiceEvidence {
  channel: Channel;
  level: HealthLevel;
  status: string;
  observedAt: Date;
}

export interface EffectiveServiceStatus extends ServiceEvidence {
  stale: boolean;
}

/**
 * semantics.md, "Status and degraded mode": Graph's word while Graph is fresh; while it isn't, the last
 * Graph word unless a fallback channel spoke of the service after Graph's last success, in which case that
 * newer evidence. Without any Graph word, the newest fallback evidence, always stale.
 */
export function effectiveServiceStatus(input: {
  graph: ServiceEvidence | null;
  fallback: ServiceEvidence[];
  graphFresh: boolean;
  graphLastSuccessAt: Date | null;
}): EffectiveServiceStatus | null {
  const { graph, fallback, graphFresh, graphLastSuccessAt } = input;
  if (graph && graphFresh) return { ...graph, stale: false };
  // Two channels speaking at the same instant: Microsoft's status site before X, whatever order they come in.
  const newestFallback = [...fallback].sort(
    (a, b) =>
      b.observedAt.getTime() - a.observedAt.getTime() ||
      CHANNELS.indexOf(a.channel) - CHANNELS.indexOf(b.channel),
  )[0];
  if (!graph) return newestFallback ? { ...newestFallback, stale: true } : null;
  const spokeSince =
    newestFallback && (graphLastSuccessAt === null || newestFallback.observedAt > graphLastSuccessAt);
  return { ...(spokeSince ? newestFallback : graph), stale: true };
}

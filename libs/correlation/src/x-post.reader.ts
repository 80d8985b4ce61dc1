import {
  extractIncidentIds,
  isXPostNoise,
  isXPostOpener,
  type M365Service,
  readXPost,
  serviceOfIncidentId,
  servicesNamedIn,
  xPostPayload,
} from '#domain';
import type { SignalToApply } from './correlation-context.js';
import { type FallbackPost, titleOf } from './fallback-post.js';

/** An X post as a fallback post; null for replies to other accounts and reposts. */
export function readXSignal(signal: SignalToApply): FallbackPost | null {
  const tweet = xPostPayload.parse(signal.payload);
  if (isXPostNoise(tweet, tweet.author_id ?? null)) return null;
  const incidentIds = extractIncidentIds(tweet.text);
  const reading = readXPost(tweet.text);
  return {
    channel: 'X',
    externalId: tweet.id,
    postedAt: tweet.created_at ?? signal.observedAt,
    text: tweet.text,
    html: null,
    kind: 'post',
    incidentIds,
    services: uniqueServices([
      ...incidentIds.map(serviceOfIncidentId).filter((s): s is M365Service => s !== null),
      ...servicesNamedIn(tweet.text),
    ]),
    level: reading.level,
    status: reading.status,
    serviceStatus: reading.status,
    isResolved: reading.isResolved,
    opener: isXPostOpener(tweet.text),
    title: titleOf(tweet.text),
    allClear: false,
  };
}

export function uniqueServices(services: M365Service[]): M365Service[] {
  return [...new Map(services.map((service) => [service.id, service])).values()];
}

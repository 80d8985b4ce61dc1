import {
  extractIncidentIds,
  healthLevelOf,
  isResolvedStatus,
  KNOWN_SERVICES,
  type M365Service,
  normaliseStatusSiteWord,
  parseGraphPost,
  serviceOfIncidentId,
  statusSiteFeedItemPayload,
  statusSitePostPayload,
  toGraphStatus,
} from '#domain';
import { createHash } from 'node:crypto';
import type { SignalToApply } from './correlation-context.js';
import { type FallbackPost, titleOf } from './fallback-post.js';
import { uniqueServices } from './x-post.reader.js';

/** The status site's admin-center posts speak for the Microsoft 365 suite; `ppac` for Power Platform's. */
const FEED_SERVICE: Record<string, M365Service> = {
  mac: KNOWN_SERVICES.microsoft365Suite,
  ppac: KNOWN_SERVICES.powerPlatformAdminCenter,
};

/**
 * A status-site post (RSS item or JSON post) as a fallback post. The feed and the JSON post carry the same
 * message: both give the same update id, so the timeline shows it once. Consumer workloads' posts link
 * incidents by id but are not evidence of a Microsoft 365 service's status; "all clear" posts without an
 * id only move the service's status.
 */
export function readStatusSiteSignal(signal: SignalToApply): FallbackPost | null {
  const { source, title, html, word } = readPayload(signal);
  const { text, sections } = parseGraphPost(html);
  const body = text || title || '';
  const incidentIds = extractIncidentIds(`${title ?? ''}\n${body}`);
  const level = healthLevelOf(word);
  const named = FEED_SERVICE[source];
  const services = uniqueServices([
    ...(named ? [named] : []),
    ...incidentIds.map(serviceOfIncidentId).filter((s): s is M365Service => s !== null),
  ]);
  const serviceStatus = normaliseStatusSiteWord(word) ?? word;
  const digest = createHash('sha256').update(`${serviceStatus}\n${body}`).digest('hex').slice(0, 16);
  return {
    channel: 'STATUS_SITE',
    externalId: `${source}:${digest}`,
    postedAt: signal.publishedAt ?? signal.observedAt,
    text: body,
    html,
    kind: source,
    incidentIds,
    services: named ? services : [],
    level,
    status: toGraphStatus(word) ?? word,
    serviceStatus,
    isResolved: isResolvedStatus(word),
    opener: named !== undefined && level !== 'OPERATIONAL' && level !== 'UNKNOWN',
    title: sections.title ?? title ?? titleOf(body),
    allClear: level === 'OPERATIONAL',
  };
}

function readPayload(signal: SignalToApply): {
  source: string;
  title: string | null;
  html: string;
  word: string;
} {
  if (signal.kind === 'statusSite.feedItem') {
    const item = statusSiteFeedItemPayload.parse(signal.payload);
    return {
      source: signal.externalId,
      title: item.title ?? null,
      html: item.description ?? '',
      word: item.status,
    };
  }
  const post = statusSitePostPayload.parse(signal.payload);
  return {
    source: post.ServiceWorkloadName ? `consumer:${post.ServiceWorkloadName}` : 'mac',
    title: post.Title || null,
    html: post.Message ?? '',
    word: post.Status,
  };
}

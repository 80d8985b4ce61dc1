import { incidentForPostWithoutId, serviceOfIncidentId } from '#domain';
import { createHash } from 'node:crypto';
import type { CorrelationContext, SignalToApply } from './correlation-context.js';
import type { FallbackPost } from './fallback-post.js';
import { earliest, latest } from './incident.store.js';
import { recordFallbackEvidence } from './service-evidence.writer.js';

/**
 * A post from X or the status site: an update of every incident whose id it cites (creating provisional
 * ones, filed under the service the id's prefix names), else of the open incident of the service it names,
 * else — if it opens — of a new provisional incident under an id of Beacon's own. A post without an id that
 * says all is well again updates (and so resolves) the open provisional incident of its service. It is also
 * evidence of its services' status.
 */
export async function applyFallbackPost(
  context: CorrelationContext,
  signal: SignalToApply,
  post: FallbackPost,
): Promise<void> {
  const { incidents } = context;
  for (const named of post.services) await context.services.record(named, false);

  const references = post.incidentIds.length > 0 ? post.incidentIds : await referenceWithoutId(context, post);
  for (const reference of references) {
    const service = serviceOfIncidentId(reference) ?? post.services[0] ?? null;
    if (service) await context.services.record(service, false);
    let incident = await incidents.findByReference(reference);
    incident ??= await incidents.create({
      reference,
      title: post.title,
      serviceId: service?.id ?? null,
      serviceName: service?.name ?? null,
      feature: null,
      featureGroup: null,
      classification: 'INCIDENT',
      origin: null,
      status: post.status,
      level: post.level,
      isResolved: post.isResolved,
      impactDescription: null,
      startedAt: post.postedAt,
      endedAt: post.isResolved ? post.postedAt : null,
      firstSeenAt: signal.observedAt,
      lastUpdatedAt: post.postedAt,
      provisional: true,
      graphModifiedAt: null,
      graphPayloadHash: null,
      postIncidentReportAvailable: false,
    });
    const added = await incidents.addUpdates(incident.id, [
      {
        channel: post.channel,
        externalId: post.externalId,
        postedAt: post.postedAt,
        text: post.text,
        html: post.html,
        kind: post.kind,
        rawSignalId: signal.id,
      },
    ]);
    // Graph's record is authoritative; a provisional one moves with its newest fallback post.
    const newest = post.postedAt >= incident.lastUpdatedAt;
    await incidents.save(incident, {
      ...(incident.provisional && newest
        ? {
            status: post.status,
            level: post.level,
            isResolved: post.isResolved,
            endedAt: post.isResolved ? post.postedAt : null,
          }
        : {}),
      firstSeenAt: earliest(incident.firstSeenAt, signal.observedAt),
      lastUpdatedAt: latest(incident.lastUpdatedAt, post.postedAt),
    });
    // Sightings are when Beacon saw the channel speak: one clock for every channel.
    incidents.sight(incident.id, post.channel, signal.observedAt);
    if (added > 0) context.changed.add(incident.id);
  }

  await recordFallbackEvidence(context, post);
}

async function referenceWithoutId(context: CorrelationContext, post: FallbackPost): Promise<string[]> {
  const service = post.services[0];
  if (!service) return [];
  const joined = incidentForPostWithoutId(post, await context.incidents.findOpenForService(service.id));
  if (joined) return [joined];
  if (!post.opener) return [];
  // Deterministic, so that a rebuild gives the incident the same id.
  const digest = createHash('sha256').update(`${post.channel}:${post.externalId}`).digest('hex');
  return [`BCN-${digest.slice(0, 10).toUpperCase()}`];
}

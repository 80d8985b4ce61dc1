import { classificationOf, healthLevelOf, isResolvedStatus, parseGraphPost, toGraphStatus } from '#domain';
import type { CorrelationContext, SignalToApply } from './correlation-context.js';
import { earliest, latest } from './incident.store.js';
import { graphIssuePayload } from './signal-payloads.js';

/** A provisional incident of Beacon's own id is taken to be this Graph issue when first seen this close. */
const PROVISIONAL_MATCH_WINDOW_MS = 2 * 3600_000;

/**
 * A Graph issue becomes (or updates) the incident of its id: Graph's fields win, its posts become
 * updates, the tenant is linked. A provisional incident that was waiting for it is merged in.
 */
export async function applyGraphIssue(context: CorrelationContext, signal: SignalToApply): Promise<void> {
  const issue = graphIssuePayload.parse(signal.payload);
  const { incidents, services } = context;
  const seenAt = signal.observedAt;

  const service = await services.byName(issue.service);
  const status = toGraphStatus(issue.status) ?? issue.status ?? 'unknownFutureValue';
  const isResolved = issue.isResolved ?? isResolvedStatus(issue.status);
  const fields = {
    title: issue.title ?? issue.id,
    serviceId: service?.id ?? null,
    serviceName: issue.service ?? service?.name ?? null,
    feature: issue.feature ?? null,
    featureGroup: issue.featureGroup ?? null,
    classification: classificationOf(issue.classification),
    origin: issue.origin ?? null,
    status,
    level: healthLevelOf(issue.status),
    isResolved,
    impactDescription: issue.impactDescription ?? null,
    startedAt: issue.startDateTime,
    // Graph gives an (estimated) end on open issues too: only a resolved issue has ended.
    endedAt: isResolved ? issue.endDateTime : null,
    provisional: false,
    postIncidentReportAvailable: status === 'postIncidentReviewPublished',
  };
  const modifiedAt = issue.lastModifiedDateTime ?? seenAt;

  let incident = await incidents.findByReference(issue.id);
  // A provisional incident waits for Graph's record only until Graph first reports its id.
  const waiting =
    service && (!incident || incident.provisional)
      ? await incidents.findProvisionalWithoutMicrosoftId(
          service.id,
          new Date((issue.startDateTime ?? seenAt).getTime() - PROVISIONAL_MATCH_WINDOW_MS),
          seenAt,
        )
      : [];
  for (const provisional of waiting) {
    if (incident) await incidents.merge(incident, provisional);
    else incident = await incidents.rename(provisional, issue.id);
  }

  incident = incident
    ? await incidents.save(incident, {
        ...fields,
        firstSeenAt: earliest(incident.firstSeenAt, seenAt),
        lastUpdatedAt: latest(incident.lastUpdatedAt, modifiedAt),
      })
    : await incidents.create({
        reference: issue.id,
        ...fields,
        firstSeenAt: seenAt,
        lastUpdatedAt: modifiedAt,
      });

  const seen = new Map<string, number>();
  await incidents.addUpdates(
    incident.id,
    (issue.posts ?? []).map((post, index) => {
      const postedAt = post.createdDateTime ?? modifiedAt;
      const html = post.description?.content ?? '';
      // A post is known by its creation time; one without it, by its place (Microsoft only appends), and
      // two of the same time stay two.
      const key = post.createdDateTime ? post.createdDateTime.toISOString() : `#${index}`;
      const repeat = seen.get(key) ?? 0;
      seen.set(key, repeat + 1);
      return {
        channel: 'GRAPH' as const,
        externalId: repeat === 0 ? key : `${key}#${repeat}`,
        postedAt,
        text: parseGraphPost(html).text,
        html,
        kind: post.postType ?? null,
        rawSignalId: signal.id,
      };
    }),
  );
  if (signal.tenantId) await incidents.linkTenant(incident.id, signal.tenantId, seenAt);
  await incidents.sight(incident.id, 'GRAPH', seenAt);
  context.changed.add(incident.id);
}

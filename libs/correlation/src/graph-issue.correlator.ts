import {
  classificationOf,
  healthLevelOf,
  isResolvedStatus,
  type M365Service,
  parseGraphPost,
  toGraphStatus,
} from '#domain';
import type { IncidentEntity } from '#persistence';
import type { CorrelationContext, SignalToApply } from './correlation-context.js';
import { earliest, type IncidentFields, latest, type NewUpdate } from './incident.store.js';
import { type GraphIssuePayload, graphIssuePayload } from './signal-payloads.js';

/** A provisional incident of Beacon's own id is taken to be this Graph issue when first seen this close. */
const PROVISIONAL_MATCH_WINDOW_MS = 2 * 3600_000;

interface Issue {
  signal: SignalToApply;
  issue: GraphIssuePayload;
}

/**
 * Graph issues become (or update) the incidents of their ids: Graph's fields win, their posts become
 * updates, the tenant is linked. A provisional incident that was waiting for one is merged in. A poll's
 * issues are written together (a handful of statements for the lot), since a first poll brings thousands.
 * Returns the signals whose payload could not be read; they stay raw signals.
 */
export async function applyGraphIssues(
  context: CorrelationContext,
  signals: SignalToApply[],
): Promise<SignalToApply[]> {
  const unreadable: SignalToApply[] = [];
  const issues: Issue[] = [];
  for (const signal of signals) {
    const parsed = graphIssuePayload.safeParse(signal.payload);
    if (parsed.success) issues.push({ signal, issue: parsed.data });
    else unreadable.push(signal);
  }
  for (const wave of distinctIdWaves(issues)) await applyWave(context, wave);
  return unreadable;
}

async function applyWave(context: CorrelationContext, wave: Issue[]): Promise<void> {
  const { incidents, services } = context;
  const known = await incidents.findByReferences(wave.map(({ issue }) => issue.id));
  const provisionalWaiting = await incidents.anyProvisionalWithoutMicrosoftId();
  const updated: Array<Issue & { incident: IncidentEntity }> = [];
  const created: Array<Issue & { fields: IncidentFields }> = [];

  for (const { signal, issue } of wave) {
    const service = await services.byName(issue.service);
    const seenAt = signal.observedAt;
    const modifiedAt = issue.lastModifiedDateTime ?? seenAt;
    let incident = known.get(issue.id) ?? null;
    // A provisional incident waits for Graph's record only until Graph first reports its id.
    if (provisionalWaiting && service && (!incident || incident.provisional)) {
      const waiting = await incidents.findProvisionalWithoutMicrosoftId(
        service.id,
        new Date((issue.startDateTime ?? seenAt).getTime() - PROVISIONAL_MATCH_WINDOW_MS),
        seenAt,
      );
      for (const provisional of waiting) {
        if (incident) await incidents.merge(incident, provisional);
        else incident = await incidents.rename(provisional, issue.id);
      }
    }
    if (incident) {
      await incidents.save(incident, {
        ...fieldsOf(issue, service),
        firstSeenAt: earliest(incident.firstSeenAt, seenAt),
        lastUpdatedAt: latest(incident.lastUpdatedAt, modifiedAt),
      });
      updated.push({ signal, issue, incident });
    } else {
      const fields = {
        reference: issue.id,
        ...fieldsOf(issue, service),
        firstSeenAt: seenAt,
        lastUpdatedAt: modifiedAt,
      };
      created.push({ signal, issue, fields });
    }
  }

  const newIncidents = await incidents.createMany(created.map(({ fields }) => fields));
  const all = [...updated, ...created.map((entry, index) => ({ ...entry, incident: newIncidents[index]! }))];
  await incidents.addManyUpdates(
    all.flatMap(({ signal, issue, incident }) =>
      postsOf(issue, signal).map((post) => ({ ...post, incidentId: incident.id })),
    ),
  );
  for (const group of groupBy(
    all,
    ({ signal }) => `${signal.tenantId ?? ''} ${signal.observedAt.toISOString()}`,
  )) {
    const { signal } = group[0]!;
    const ids = group.map(({ incident }) => incident.id);
    if (signal.tenantId) await incidents.linkTenant(ids, signal.tenantId, signal.observedAt);
    await incidents.sightMany(ids, 'GRAPH', signal.observedAt);
  }
  for (const { incident } of all) context.changed.add(incident.id);
}

function fieldsOf(issue: GraphIssuePayload, service: M365Service | null) {
  const status = toGraphStatus(issue.status) ?? issue.status ?? 'unknownFutureValue';
  const isResolved = issue.isResolved ?? isResolvedStatus(issue.status);
  return {
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
}

function postsOf(issue: GraphIssuePayload, signal: SignalToApply): NewUpdate[] {
  const modifiedAt = issue.lastModifiedDateTime ?? signal.observedAt;
  const seen = new Map<string, number>();
  return (issue.posts ?? []).map((post, index) => {
    const html = post.description?.content ?? '';
    // A post is known by its creation time; one without it, by its place (Microsoft only appends), and
    // two of the same time stay two.
    const key = post.createdDateTime ? post.createdDateTime.toISOString() : `#${index}`;
    const repeat = seen.get(key) ?? 0;
    seen.set(key, repeat + 1);
    return {
      channel: 'GRAPH',
      externalId: repeat === 0 ? key : `${key}#${repeat}`,
      postedAt: post.createdDateTime ?? modifiedAt,
      text: parseGraphPost(html).text,
      html,
      kind: post.postType ?? null,
      rawSignalId: signal.id,
    };
  });
}

/** Runs of issues with distinct ids, in order: the same issue twice is applied in two steps. */
function distinctIdWaves(issues: Issue[]): Issue[][] {
  const waves: Issue[][] = [];
  for (const entry of issues) {
    const last = waves.at(-1);
    if (last && !last.some(({ issue }) => issue.id === entry.issue.id)) last.push(entry);
    else waves.push([entry]);
  }
  return waves;
}

function groupBy<T>(items: T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return [...groups.values()];
}

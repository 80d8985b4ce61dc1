import {
  classificationOf,
  graphIssueForProvisional,
  graphIssuePayload,
  type GraphIssuePayload,
  healthLevelOf,
  isResolvedStatus,
  type M365Service,
  parseGraphPost,
  PROVISIONAL_MATCH_WINDOW_MS,
  toGraphStatus,
} from '#domain';
import type { IncidentEntity } from '#persistence';
import type { CorrelationContext, SignalToApply } from './correlation-context.js';
import { parseOnce } from './parse-once.js';
import { earliest, type IncidentFields, latest, type NewUpdate } from './incident.store.js';

interface Issue {
  signal: SignalToApply;
  issue: GraphIssuePayload;
  service: M365Service | null;
}

/**
 * Graph issues become (or update) the incidents of their ids: the fields of the newest version Graph gave
 * (by `lastModifiedDateTime`, whichever tenant's poll brought it and whenever), their posts become updates,
 * the tenant is linked. A provisional incident that was waiting for one is merged in. A poll's issues are
 * written together (a handful of statements for the lot), since a first poll brings thousands.
 * Returns the signals whose payload could not be read; they stay raw signals.
 */
export async function applyGraphIssues(
  context: CorrelationContext,
  signals: SignalToApply[],
): Promise<SignalToApply[]> {
  const unreadable: SignalToApply[] = [];
  const issues: Issue[] = [];
  for (const signal of signals) {
    const parsed = parseIssue(signal.payload);
    if (!parsed.success) unreadable.push(signal);
    else
      issues.push({
        signal,
        issue: parsed.data,
        service: await context.services.byName(parsed.data.service),
      });
  }
  for (const wave of distinctIdWaves(issues)) await applyWave(context, wave);
  return unreadable;
}

const parseIssue = parseOnce(graphIssuePayload);

async function applyWave(context: CorrelationContext, wave: Issue[]): Promise<void> {
  const { incidents } = context;
  const known = await incidents.findByReferences(wave.map(({ issue }) => issue.id));
  const waitingFor = await provisionalMatches(context, wave, known);
  const updated: Array<Issue & { incident: IncidentEntity }> = [];
  const created: Array<Issue & { fields: IncidentFields }> = [];
  // Subscribers hear of an incident only when something they can see of it changed.
  const changed = new Set<string>();

  const listedOnly: Array<Issue & { incident: IncidentEntity }> = [];

  for (const entry of wave) {
    const { signal, issue, service } = entry;
    const seenAt = signal.observedAt;
    const modifiedAt = issue.lastModifiedDateTime ?? seenAt;
    let incident = known.get(issue.id) ?? null;
    if (incident && incident.graphPayloadHash === signal.payloadHash && !waitingFor.has(issue.id)) {
      // This very version was folded from another tenant's poll: its fields and posts are there already.
      listedOnly.push({ ...entry, incident });
      continue;
    }
    for (const provisional of waitingFor.get(issue.id) ?? []) {
      if (incident) await incidents.merge(incident, provisional);
      else incident = await incidents.rename(provisional, issue.id);
      changed.add(incident.id);
    }
    if (incident) {
      const newer = !incident.graphModifiedAt || modifiedAt >= incident.graphModifiedAt;
      const wrote = await incidents.save(incident, {
        ...(newer ? { ...fieldsOf(issue, service, modifiedAt), graphPayloadHash: signal.payloadHash } : {}),
        firstSeenAt: earliest(incident.firstSeenAt, seenAt),
        lastUpdatedAt: latest(incident.lastUpdatedAt, modifiedAt),
      });
      if (wrote) changed.add(incident.id);
      updated.push({ ...entry, incident });
    } else {
      const fields = {
        reference: issue.id,
        ...fieldsOf(issue, service, modifiedAt),
        graphPayloadHash: signal.payloadHash,
        firstSeenAt: seenAt,
        lastUpdatedAt: modifiedAt,
      };
      created.push({ ...entry, fields });
    }
  }

  const newIncidents = await incidents.createMany(created.map(({ fields }) => fields));
  const applied = [
    ...updated,
    ...created.map((entry, index) => ({ ...entry, incident: newIncidents[index]! })),
  ];
  for (const { incident } of applied.slice(updated.length)) changed.add(incident.id);
  const withNewPosts = await incidents.addManyUpdates(
    applied.flatMap(({ signal, issue, incident }) =>
      postsOf(issue, signal).map((post) => ({ ...post, incidentId: incident.id })),
    ),
  );
  for (const id of withNewPosts) changed.add(id);
  for (const { signal, incident } of [...applied, ...listedOnly]) {
    if (signal.tenantId) incidents.linkTenant([incident.id], signal.tenantId, signal.observedAt);
    incidents.sightMany([incident.id], 'GRAPH', signal.observedAt);
  }
  for (const id of changed) context.changed.add(id);
}

/**
 * Which provisional incidents (opened under an id of Beacon's own) each new issue of the wave absorbs: the
 * rule is `graphIssueForProvisional`'s; each provisional incident goes to one issue at most.
 */
async function provisionalMatches(
  context: CorrelationContext,
  wave: Issue[],
  known: Map<string, IncidentEntity>,
): Promise<Map<string, IncidentEntity[]>> {
  const candidates = wave
    .filter(
      ({ issue, service }) => service && issue.startDateTime && (known.get(issue.id)?.provisional ?? true),
    )
    .map(({ issue, service }) => ({
      id: issue.id,
      serviceId: service!.id,
      startedAt: issue.startDateTime!,
      isResolved: isResolved(issue),
      endedAt: issue.endDateTime,
    }));
  const matches = new Map<string, IncidentEntity[]>();
  if (candidates.length === 0) return matches;
  const starts = candidates.map(({ startedAt }) => startedAt.getTime());
  const waiting = await context.incidents.findProvisionalWithoutMicrosoftId(
    [...new Set(candidates.map(({ serviceId }) => serviceId))],
    new Date(Math.min(...starts) - PROVISIONAL_MATCH_WINDOW_MS),
    new Date(Math.max(...starts) + PROVISIONAL_MATCH_WINDOW_MS),
  );
  for (const provisional of waiting) {
    const openedAt = provisional.startedAt ?? provisional.firstSeenAt;
    const issueId = graphIssueForProvisional({ serviceId: provisional.serviceId, openedAt }, candidates);
    if (issueId) matches.set(issueId, [...(matches.get(issueId) ?? []), provisional]);
  }
  return matches;
}

function isResolved(issue: GraphIssuePayload): boolean {
  return issue.isResolved ?? isResolvedStatus(issue.status);
}

function fieldsOf(issue: GraphIssuePayload, service: M365Service | null, modifiedAt: Date) {
  const status = toGraphStatus(issue.status) ?? issue.status ?? 'unknownFutureValue';
  const resolved = isResolved(issue);
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
    isResolved: resolved,
    impactDescription: issue.impactDescription ?? null,
    startedAt: issue.startDateTime,
    // Graph gives an (estimated) end on open issues too: only a resolved issue has ended.
    endedAt: resolved ? issue.endDateTime : null,
    provisional: false,
    graphModifiedAt: modifiedAt,
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
  const waves: Array<{ entries: Issue[]; ids: Set<string> }> = [];
  for (const entry of issues) {
    const last = waves.at(-1);
    if (last && !last.ids.has(entry.issue.id)) {
      last.entries.push(entry);
      last.ids.add(entry.issue.id);
    } else waves.push({ entries: [entry], ids: new Set([entry.issue.id]) });
  }
  return waves.map(({ entries }) => entries);
}

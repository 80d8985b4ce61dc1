import { graphIssuePayload, healthLevelOf, toGraphStatus } from '#domain';
import { type IncidentLevelChange, IncidentLevelChangesRepository } from '#persistence';
import type { EntityManager } from 'typeorm';
import { ZodError } from 'zod';
import type { SignalToApply } from './correlation-context.js';
import type { FallbackPost } from './fallback-post.js';
import { parseOnce } from './parse-once.js';
import { readStatusSiteSignal } from './status-site-post.reader.js';
import { readXSignal } from './x-post.reader.js';

const levelChanges = new IncidentLevelChangesRepository();

/** Only what the level history needs of an issue: parsing its posts again would cost a first import. */
const issueLevel = graphIssuePayload.pick({ id: true, status: true, lastModifiedDateTime: true });

const parseIssueLevel = parseOnce(issueLevel);

/**
 * The level history of incidents (`incident_level_changes`), from which analysts get the time incidents
 * spent at each level: each version of a Graph issue the fold applies (its status, at its
 * lastModifiedDateTime), and each X or status-site post that cites an incident's id (its reading, at its
 * posting time). Rows are keyed by the id the channel used, which a merge or rename keeps as an alias, and
 * are a function of the signal alone: another tenant's copy of a version writes the same row, and a rebuild
 * writes them all again. Called once per fold, after the signals made their incidents.
 */
export async function recordLevelChanges(manager: EntityManager, signals: SignalToApply[]): Promise<void> {
  // One row per key (a statement may not touch a row twice); a later signal in log order wins.
  const changes = new Map<string, IncidentLevelChange>();
  for (const change of signals.flatMap(levelChangesOf)) {
    changes.set(`${change.reference} ${change.channel} ${change.changedAt.toISOString()}`, change);
  }
  await levelChanges.upsert(manager, [...changes.values()]);
}

function levelChangesOf(signal: SignalToApply): IncidentLevelChange[] {
  try {
    switch (signal.kind) {
      case 'graph.issue': {
        const parsed = parseIssueLevel(signal.payload);
        if (!parsed.success) return [];
        const issue = parsed.data;
        return [
          {
            reference: issue.id,
            channel: 'GRAPH',
            changedAt: issue.lastModifiedDateTime ?? signal.observedAt,
            // As the incident takes them (graph-issue.correlator.ts).
            level: healthLevelOf(issue.status),
            status: toGraphStatus(issue.status) ?? issue.status ?? 'unknownFutureValue',
          },
        ];
      }
      case 'x.post':
        return postChanges(readXSignal(signal));
      case 'statusSite.post':
      case 'statusSite.feedItem':
        return postChanges(readStatusSiteSignal(signal));
      default:
        return [];
    }
  } catch (error) {
    // The fold skips (and logs) a payload it can't read; so does its history.
    if (error instanceof ZodError) return [];
    throw error;
  }
}

function postChanges(post: FallbackPost | null): IncidentLevelChange[] {
  if (!post || post.allClear) return [];
  return post.incidentIds.map((reference) => ({
    reference,
    channel: post.channel,
    changedAt: post.postedAt,
    level: post.level,
    status: post.status,
  }));
}

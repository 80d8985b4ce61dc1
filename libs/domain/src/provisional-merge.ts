/**
 * semantics.md, "Incidents and correlation": when Graph reports an incident that the fallback channels
 * opened under an id of Beacon's own, the provisional incident becomes Graph's record. Which Graph issue
 * that is can only be inferred: the same service, started within this window around the provisional one,
 * and still open when the provisional one started; the nearest in start time first. Never an older or
 * resolved event; with none, the provisional incident stays provisional.
 */
export const PROVISIONAL_MATCH_WINDOW_MS = 2 * 3600_000;

export interface ProvisionalIncident {
  serviceId: string | null;
  /** When the fallback channels first told of it (its opener's time). */
  openedAt: Date;
}

export interface GraphIssueCandidate {
  id: string;
  serviceId: string | null;
  startedAt: Date | null;
  isResolved: boolean;
  endedAt: Date | null;
}

/** The id of the Graph issue a provisional incident is, or null. */
export function graphIssueForProvisional(
  provisional: ProvisionalIncident,
  issues: GraphIssueCandidate[],
): string | null {
  const opened = provisional.openedAt.getTime();
  const distance = (issue: GraphIssueCandidate) => Math.abs(issue.startedAt!.getTime() - opened);
  const matching = issues.filter(
    (issue) =>
      issue.serviceId !== null &&
      issue.serviceId === provisional.serviceId &&
      issue.startedAt !== null &&
      distance(issue) <= PROVISIONAL_MATCH_WINDOW_MS &&
      (!issue.isResolved || (issue.endedAt !== null && issue.endedAt.getTime() >= opened)),
  );
  matching.sort((a, b) => distance(a) - distance(b) || a.id.localeCompare(b.id));
  return matching[0]?.id ?? null;
}

/**
 * semantics.md, "Incidents and correlation": a post that cites no incident id joins the open incident it
 * most plausibly belongs to: one of the service it names, updated within this window before the post, the
 * most recently updated first. A post saying all is well again joins only a provisional incident: the
 * fallback channels close what they opened, and Graph closes its own records.
 */
export const POST_JOIN_WINDOW_MS = 6 * 3600_000;

export interface OpenIncidentCandidate {
  reference: string;
  provisional: boolean;
  lastUpdatedAt: Date;
}

/** The reference of the open incident (of the post's service) the post joins, or null. */
export function incidentForPostWithoutId(
  post: { postedAt: Date; allClear: boolean },
  open: OpenIncidentCandidate[],
): string | null {
  const since = post.postedAt.getTime() - POST_JOIN_WINDOW_MS;
  const joinable = open.filter(
    (incident) => incident.lastUpdatedAt.getTime() >= since && (!post.allClear || incident.provisional),
  );
  joinable.sort(
    (a, b) => b.lastUpdatedAt.getTime() - a.lastUpdatedAt.getTime() || a.reference.localeCompare(b.reference),
  );
  return joinable[0]?.reference ?? null;
}

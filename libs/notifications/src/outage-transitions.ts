/**
 * Outage events (degraded mode, a source down) are episodes: one begins at a stored instant (Graph's last
 * success plus GRAPH_STALE_SECONDS; the attempt that made a source DOWN) and that instant names it. What a
 * target is owed follows from what it was last told of the subject and the episode going on now, so
 * detecting the same state twice owes nothing new.
 */

/** What a target was last told of one subject: an episode begun (`active`) or over; null: nothing yet. */
export interface ToldEpisode {
  active: boolean;
  since: string;
}

/** A message owed: an episode begun (`active`) or over. */
export interface EpisodeTransition {
  active: boolean;
  since: string;
}

/**
 * What a target is owed, in order, given what it was last told and the episode going on now (its start,
 * or null when there is none to announce). An end is owed only for an episode whose beginning it was told;
 * an episode that began and ended between two looks was never announced and owes nothing.
 */
export function episodeTransitions(told: ToldEpisode | null, current: string | null): EpisodeTransition[] {
  const owed: EpisodeTransition[] = [];
  if (told?.active && told.since !== current) owed.push({ active: false, since: told.since });
  if (current !== null && told?.since !== current) owed.push({ active: true, since: current });
  return owed;
}

/**
 * semantics.md: Graph is fresh while its last success is at most `staleSeconds` old; otherwise the tenant
 * is in degraded mode, since the instant it stopped being fresh. A tenant whose Graph never answered has no
 * episode to announce (it never left degraded mode; its source being down is announced instead).
 */
export function degradedSince(lastSuccessAt: Date | null, now: Date, staleSeconds: number): string | null {
  if (lastSuccessAt === null) return null;
  const staleAt = lastSuccessAt.getTime() + staleSeconds * 1000;
  return now.getTime() > staleAt ? new Date(staleAt).toISOString() : null;
}

/** A DOWN source's episode once it has lasted `downForMs` (null while shorter, or when it is not down). */
export function sourceDownSince(downSince: Date | null, now: Date, downForMs: number): string | null {
  if (downSince === null || now.getTime() - downSince.getTime() < downForMs) return null;
  return downSince.toISOString();
}

/**
 * How many of `sources` the member `self` polls: an equal share each, and the remainder one each to the
 * first members (the longest present: a process that joins takes sources from the others rather than
 * the others trading theirs), so that the shares add up to the sources exactly and every process that
 * sees the same members in the same order computes the same shares.
 */
export function fairShare(members: readonly string[], self: string, sources: number): number {
  const rank = members.indexOf(self);
  if (rank === -1) return 0;
  return Math.floor(sources / members.length) + (rank < sources % members.length ? 1 : 0);
}

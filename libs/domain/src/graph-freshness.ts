/**
 * semantics.md, "Status and degraded mode": Graph is fresh for a tenant while its last successful poll is
 * at most `staleSeconds` old; a tenant whose Graph is not fresh is in degraded mode.
 */
export function isGraphFresh(
  lastSuccessAt: Date | null | undefined,
  now: Date,
  staleSeconds: number,
): boolean {
  return lastSuccessAt != null && now.getTime() - lastSuccessAt.getTime() <= staleSeconds * 1000;
}

/**
 * What a reader limited to some tenants may see (semantics.md: incidents are global; filtering by a tenant
 * returns what that tenant's Graph lists plus what only the global channels know of). `readerTenants` is
 * the reader's tenant set, or null for every tenant. The incidents query applies the same rule in SQL
 * (`apps/api/src/incidents/incidents.repository.ts`).
 */
export type ReaderTenants = readonly string[] | null;

/** Whether the reader may read one tenant's view. */
export function readsTenant(readerTenants: ReaderTenants, tenantId: string): boolean {
  return readerTenants === null || readerTenants.includes(tenantId);
}

/**
 * Whether a record belonging to a tenant (a source, a status) or to none (a global channel's) is visible:
 * global records are everyone's.
 */
export function tenantRecordVisible(readerTenants: ReaderTenants, tenantId: string | null): boolean {
  return tenantId === null || readsTenant(readerTenants, tenantId);
}

/**
 * Whether an incident is visible: a provisional one is known only from the global channels, so it is
 * everyone's; any other is visible to the tenants whose Graph lists it.
 */
export function incidentVisible(
  readerTenants: ReaderTenants,
  incident: { provisional: boolean; tenantIds: readonly string[] },
): boolean {
  return (
    incident.provisional ||
    readerTenants === null ||
    incident.tenantIds.some((tenantId) => readerTenants.includes(tenantId))
  );
}

import type { EntityManager } from 'typeorm';

/** The PostgreSQL channel on which every Beacon process hears what any of them changed. */
export const CHANGES_CHANNEL = 'beacon_changes';

export type ChangeNotice =
  | { type: 'incident'; incidentId: string }
  /** `tenantId` null: the global view of a Beacon without Graph tenants. */
  | { type: 'serviceStatus'; tenantId: string | null; serviceId: string };

/**
 * Announces changes with NOTIFY inside the transaction that made them: PostgreSQL delivers them on commit
 * and drops them on rollback, so listeners never hear of a change that didn't happen.
 */
export async function notifyChanges(
  manager: EntityManager,
  incidentIds: Iterable<string>,
  statusChanges: Array<{ tenantId: string | null; serviceId: string }>,
): Promise<void> {
  const notices: ChangeNotice[] = [
    ...[...incidentIds].map((incidentId) => ({ type: 'incident' as const, incidentId })),
    ...statusChanges.map((change) => ({ type: 'serviceStatus' as const, ...change })),
  ];
  for (const notice of notices) {
    await manager.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, JSON.stringify(notice)]);
  }
}

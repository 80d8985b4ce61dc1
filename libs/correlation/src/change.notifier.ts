import { CHANGES_CHANNEL, type ChangeNotice } from '#domain';
import type { EntityManager } from 'typeorm';

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
  if (notices.length === 0) return;
  await manager.query('SELECT pg_notify($1, notice) FROM unnest($2::text[]) AS notice', [
    CHANGES_CHANNEL,
    notices.map((notice) => JSON.stringify(notice)),
  ]);
}

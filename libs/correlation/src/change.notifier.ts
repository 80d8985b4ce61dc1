import { CHANGES_CHANNEL, type ChangeNotice } from '#domain';
import { ChangeNoticesRepository } from '#persistence';
import type { EntityManager } from 'typeorm';

const changeNotices = new ChangeNoticesRepository();

/**
 * Announces changes with NOTIFY inside the transaction that made them: PostgreSQL delivers them on commit
 * and drops them on rollback, so listeners never hear of a change that didn't happen. A step that folded
 * signals but changed no incident and no status still announces `state` (its evidence may move the
 * overview), so that no reader keeps an answer from before it.
 */
export async function notifyChanges(
  manager: EntityManager,
  incidentIds: Iterable<string>,
  statusChanges: Array<{ tenantId: string | null; serviceId: string }>,
  folded: boolean,
): Promise<void> {
  const notices: ChangeNotice[] = [
    ...[...incidentIds].map((incidentId) => ({ type: 'incident' as const, incidentId })),
    ...statusChanges.map((change) => ({ type: 'serviceStatus' as const, ...change })),
  ];
  if (notices.length === 0 && folded) notices.push({ type: 'state' });
  if (notices.length === 0) return;
  await changeNotices.notify(
    manager,
    CHANGES_CHANNEL,
    notices.map((notice) => JSON.stringify(notice)),
  );
}

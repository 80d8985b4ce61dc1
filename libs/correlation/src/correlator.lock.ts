import type { EntityManager } from 'typeorm';

/** Key of the transaction lock under which derived state is written: by one correlator at a time. */
const CORRELATOR_LOCK = [0x4243_4e34, 1] as const;

/**
 * The correlator's turn. Every ingestor process runs a correlator; each step takes this lock for its
 * transaction or skips, so one is active at a time and another takes over at its next step when the
 * active one dies (its transaction ends with its connection).
 */
export async function tryLockCorrelator(manager: EntityManager): Promise<boolean> {
  const [row] = await manager.query('SELECT pg_try_advisory_xact_lock($1, $2) AS taken', [
    ...CORRELATOR_LOCK,
  ]);
  return (row as { taken: boolean }).taken;
}

/** Waits for the active correlator step to end, then keeps the others out (a rebuild). */
export async function lockCorrelator(manager: EntityManager): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock($1, $2)', [...CORRELATOR_LOCK]);
}

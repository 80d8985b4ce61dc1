import type { EntityManager } from 'typeorm';

/** Key of the transaction lock under which raw signals and everything derived from them are written. */
const INGEST_LOCK = [0x4243_4e34, 0] as const;

/**
 * Writers of derived state take turns: a poll's transaction, a status refresh, a rebuild. Concurrent polls
 * of several tenants touch the same incidents and services in different orders, and would deadlock;
 * their network time stays parallel, only the short write transactions queue here.
 */
export async function lockIngest(manager: EntityManager): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock($1, $2)', [...INGEST_LOCK]);
}

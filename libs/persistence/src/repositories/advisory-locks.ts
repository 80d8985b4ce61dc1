import type { DataSource, EntityManager } from 'typeorm';

// Advisory locks: one process at a time does the work they guard. Locks, not table access; here so that
// jobs run no statement of their own.

/** Takes a transaction-level advisory lock if it is free; it is released when the transaction ends. */
export async function tryTransactionLock(
  manager: EntityManager,
  key: readonly [number, number],
): Promise<boolean> {
  const [row]: Array<{ taken: boolean }> = await manager.query(
    'SELECT pg_try_advisory_xact_lock($1, $2) AS taken',
    [...key],
  );
  return row?.taken === true;
}

/** Takes a transaction-level advisory lock shared with others (never waits unless one holds it alone). */
export async function sharedTransactionLock(
  manager: EntityManager,
  key: readonly [number, number],
): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock_shared($1, $2)', [...key]);
}

/** Takes a transaction-level advisory lock, waiting for whoever holds it; released when the transaction ends. */
export async function transactionLock(manager: EntityManager, key: readonly [number, number]): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock($1, $2)', [...key]);
}

/**
 * Runs `work` holding a session-level advisory lock, on a connection of its own outside any transaction
 * (work that waits on the network must not hold a transaction open); null, without running it, when
 * another process holds the lock.
 */
export async function withSessionLock<T>(
  dataSource: DataSource,
  key: readonly [number, number],
  work: () => Promise<T>,
): Promise<T | null> {
  const session = dataSource.createQueryRunner();
  await session.connect();
  try {
    const [lock]: Array<{ taken: boolean }> = await session.query(
      'SELECT pg_try_advisory_lock($1, $2) AS taken',
      [...key],
    );
    if (lock?.taken !== true) return null;
    try {
      return await work();
    } finally {
      await session.query('SELECT pg_advisory_unlock($1, $2)', [...key]);
    }
  } finally {
    await session.release();
  }
}

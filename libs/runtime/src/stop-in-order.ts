import type { Logger } from 'pino';

/** How long stopping may take (in-flight polls get 10 s of it) before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 30_000;

/** A process's running parts, as its start-up hands them over. */
export interface Stoppable {
  /** Stops accepting, finishes in-flight work, closes the pool, then stops the embedded database. */
  close(): Promise<void>;
  /** Settles if the embedded PostgreSQL this process owns dies under it (never for DATABASE_URL). */
  databaseLost: Promise<string>;
}

/**
 * Runs a process until SIGTERM, SIGINT or SIGHUP (closing the terminal must not orphan the embedded
 * database), or until its embedded database dies, then stops it in order and exits: 0 when asked to stop,
 * 1 when it could not start, lost its database, or took longer than the grace period. Signals are handled
 * from the first moment: one that arrives during start-up stops the process once it is up.
 */
export function stopInOrder(logger: Logger, starting: Promise<Stoppable>): void {
  let stopping = false;
  const stop = async (reason: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'shutting down');
    setTimeout(() => {
      logger.error('shutdown took too long; exiting anyway');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    try {
      await (await starting).close();
      logger.info('stopped');
    } catch (error) {
      logger.error({ err: error }, 'could not stop in order');
      exitCode = 1;
    }
    process.exit(exitCode);
  };

  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.on(signal, () => void stop(signal, 0));
  }
  starting.then(
    ({ databaseLost }) =>
      void databaseLost.then((how) => {
        logger.fatal({ how }, 'the embedded PostgreSQL stopped under Beacon');
        void stop('database lost', 1);
      }),
    (error: unknown) => {
      logger.fatal({ err: error }, 'Beacon could not start');
      process.exit(1);
    },
  );
}

import { CheckedCertificates, type GraphTenant, readTenantsFile } from '#config';
import type { Logger } from '@nestjs/common';
import { watch } from 'chokidar';

/**
 * Watches TENANTS_FILE and hands on each good version of it. A version with problems (bad JSON, a bad
 * entry, an unset variable, an unreadable key) changes nothing: it is logged as an error that names the
 * problems, and the last good set stays in force until the file is fixed. Only the certificates that
 * changed since `inForce` (or the last version) are checked again. Returns: stop watching.
 */
export function watchTenantsFile(
  file: string,
  inForce: readonly GraphTenant[],
  onTenants: (tenants: GraphTenant[]) => void,
  logger: Logger,
): () => Promise<void> {
  const certificates = CheckedCertificates.of(inForce);
  const reread = () => {
    const read = readTenantsFile(file, process.env, certificates);
    if (read.problems.length > 0) {
      logger.error(
        { file, problems: read.problems },
        'tenants file not applied: the tenants in force stay until it is fixed',
      );
      return;
    }
    onTenants(read.tenants);
  };
  // Editors save by writing a new file and renaming it over the old one: `atomic` sees that as a change.
  const watcher = watch(file, {
    ignoreInitial: true,
    atomic: true,
    awaitWriteFinish: { stabilityThreshold: 200 },
  })
    .on('add', reread)
    .on('change', reread)
    .on('unlink', () =>
      logger.error({ file }, 'tenants file removed: the tenants in force stay until it is back'),
    )
    .on('error', (error) => logger.error({ file, error: String(error) }, 'cannot watch the tenants file'));
  return () => watcher.close();
}

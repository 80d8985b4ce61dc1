import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A TENANTS_FILE listing the given tenants (the first is the default tenant). */
export function tenantsFile(...ids: string[]): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'beacon-tenants-')), 'tenants.json');
  writeFileSync(
    file,
    JSON.stringify(ids.map((id) => ({ id, clientId: `client-${id}`, clientSecret: 'not-used' }))),
  );
  return file;
}

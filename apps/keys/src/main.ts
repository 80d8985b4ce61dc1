import 'reflect-metadata';
import { runTask } from '#runtime';
import { userInfo } from 'node:os';
import { ApiKeyAdminService } from '../../api/src/auth/api-key-admin.service.js';
import type { ApiKeyRecord } from '#persistence';
import { KeyStoreModule } from '../../api/src/auth/key-store.module.js';
import { type KeysCommand, parseKeysCommand, USAGE } from './keys-command.js';

/** `npm run keys -- …`: manage API keys in the database of the Beacon beside it (see apps/api/README.md). */
let command: KeysCommand;
try {
  command = parseKeysCommand(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`keys: ${(error as Error).message}\n\n${USAGE}\n`);
  process.exit(64);
}
if (command.action === 'help') {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const actor = `cli:${userInfo().username}`;
const print = (line: string) => process.stdout.write(`${line}\n`);
const describe = (key: ApiKeyRecord) =>
  [
    key.id,
    key.prefix,
    key.role,
    key.tenantIds?.join(',') ?? '*',
    key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : 'active',
    `last used ${key.lastUsedAt?.toISOString() ?? 'never'}`,
    JSON.stringify(key.name),
  ].join('  ');

await runTask('beacon-keys', [KeyStoreModule], async (app) => {
  const admin = app.get(ApiKeyAdminService);
  switch (command.action) {
    case 'create':
    case 'rotate': {
      const { key, record } =
        command.action === 'create'
          ? await admin.create(command, actor)
          : await admin.rotate(command.id, actor);
      print(describe(record));
      print(`\n${key}\n`);
      process.stderr.write('This is the only time the key is shown: Beacon keeps only its SHA-256 digest.\n');
      break;
    }
    case 'list':
      for (const key of await admin.list(command.includeRevoked)) print(describe(key));
      break;
    case 'revoke':
      print(describe(await admin.revoke(command.id, actor)));
      break;
  }
});

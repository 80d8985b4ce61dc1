import { API_KEY_ROLES, type ApiKeyRole } from '#persistence';
import { parseArgs } from 'node:util';

/** What `npm run keys -- …` was asked to do, read from its arguments. */
export type KeysCommand =
  | { action: 'create'; name: string; role: ApiKeyRole; tenantIds: string[] | null }
  | { action: 'list'; includeRevoked: boolean }
  | { action: 'revoke' | 'rotate'; id: string }
  | { action: 'help' };

export const USAGE = `usage: npm run keys -- <command>

  create --name <name> --role viewer|analyst|admin [--tenant <tenant id>]…
                         a new key, printed once (no --tenant: every tenant)
  list [--all]           the keys (--all: revoked ones too); never the keys themselves
  revoke <key id>        the key stops working within seconds
  rotate <key id>        a new key with the same name, role and tenants; the old one is revoked

It works on the database of the Beacon beside it (DATABASE_URL, or the embedded one under DATA_DIR).
Every change is written to the audit log as cli:<user>.`;

/** The command, or an error message that says what is wrong. */
export function parseKeysCommand(args: readonly string[]): KeysCommand {
  const [action, ...rest] = args;
  if (action === undefined || action === 'help' || action === '--help' || action === '-h')
    return { action: 'help' };
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      role: { type: 'string' },
      tenant: { type: 'string', multiple: true },
      all: { type: 'boolean' },
    },
  });
  switch (action) {
    case 'create': {
      if (!values.name) throw new Error('create needs --name <name>');
      const role = values.role as ApiKeyRole | undefined;
      if (!role || !API_KEY_ROLES.includes(role))
        throw new Error(`create needs --role ${API_KEY_ROLES.join('|')}`);
      if (positionals.length > 0) throw new Error(`unexpected ${positionals.join(' ')}`);
      return { action, name: values.name, role, tenantIds: values.tenant ?? null };
    }
    case 'list':
      if (positionals.length > 0) throw new Error(`unexpected ${positionals.join(' ')}`);
      return { action, includeRevoked: values.all ?? false };
    case 'revoke':
    case 'rotate': {
      const [id, ...more] = positionals;
      if (!id || more.length > 0) throw new Error(`${action} needs exactly one key id (see \`list\`)`);
      return { action, id };
    }
    default:
      throw new Error(`unknown command "${action}"`);
  }
}

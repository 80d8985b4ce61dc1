import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { GraphCredential, GraphTenant } from './beacon-config.js';
import { CheckedCertificates } from './checked-certificates.js';
import { Secret } from './secret.js';
import { describeZodError } from './zod-error.js';

type Env = Record<string, string | undefined>;

const text = z.string().min(1);

const tenantEntry = z
  .object({
    id: text,
    displayName: text.optional(),
    clientId: text,
    clientSecret: text.optional(),
    clientSecretVariable: text.optional(),
    /** PEM inline, or a file (relative to the tenants file); the two may name one combined PEM file. */
    certificate: text.optional(),
    certificateFile: text.optional(),
    privateKey: text.optional(),
    privateKeyFile: text.optional(),
  })
  .strict()
  .superRefine((t, context) => {
    const given = (...keys: (keyof typeof t)[]) => keys.filter((key) => t[key] !== undefined).length;
    const certificates = given('certificate', 'certificateFile');
    if (given('clientSecret', 'clientSecretVariable') + Math.min(certificates, 1) !== 1) {
      context.addIssue({
        code: 'custom',
        message:
          'give exactly one of clientSecret, clientSecretVariable and certificate (or certificateFile)',
      });
    } else if (certificates > 1) {
      context.addIssue({ code: 'custom', message: 'give certificate or certificateFile, not both' });
    }
    const keys = given('privateKey', 'privateKeyFile');
    if (certificates > 0 && keys !== 1) {
      context.addIssue({
        code: 'custom',
        message: 'a certificate needs one of privateKey and privateKeyFile',
      });
    } else if (certificates === 0 && keys > 0) {
      context.addIssue({ code: 'custom', message: 'privateKey and privateKeyFile go with a certificate' });
    }
  });
type TenantEntry = z.infer<typeof tenantEntry>;

const tenantsFileSchema = z.array(tenantEntry).min(1, 'list at least one tenant');

/** What a tenants file holds, or why it cannot be used (then `tenants` is empty: none is half-read). */
export interface TenantsFile {
  tenants: GraphTenant[];
  /** Each names the file or the tenant; never a secret. */
  problems: string[];
}

/**
 * Reads and validates `TENANTS_FILE`: at start-up, and again whenever it changes (the last good set stays
 * in force while it has problems). `certificates` keeps the checks of earlier reads: a watcher passes the
 * same one every time, so that an unchanged certificate is not checked again.
 */
export function readTenantsFile(
  file: string,
  env: Env,
  certificates = new CheckedCertificates(),
): TenantsFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem = code
      ? `cannot read ${file}: ${code}`
      : `${file} is not valid JSON: ${(error as Error).message}`;
    return { tenants: [], problems: [problem] };
  }
  const parsed = tenantsFileSchema.safeParse(json);
  if (!parsed.success) return { tenants: [], problems: [`${file}: ${describeZodError(parsed.error)}`] };

  const tenants: GraphTenant[] = [];
  const problems: string[] = [];
  for (const entry of parsed.data) {
    try {
      tenants.push({
        id: entry.id,
        displayName: entry.displayName ?? entry.id,
        clientId: entry.clientId,
        credential: credentialOf(entry, dirname(file), env, certificates),
      });
    } catch (error) {
      problems.push(`tenant ${entry.id}: ${(error as Error).message}`);
    }
  }
  certificates.settle();
  const ids = tenants.map((t) => t.id);
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate) problems.push(`tenant ${duplicate} is listed twice`);
  return problems.length > 0 ? { tenants: [], problems } : { tenants, problems };
}

function credentialOf(
  entry: TenantEntry,
  directory: string,
  env: Env,
  certificates: CheckedCertificates,
): GraphCredential {
  const certificate = entry.certificate ?? readPem(entry.certificateFile, 'certificateFile', directory);
  if (certificate !== undefined) {
    const key = entry.privateKey ?? (readPem(entry.privateKeyFile, 'privateKeyFile', directory) as string);
    return { kind: 'certificate', certificate: certificates.check(certificate, key) };
  }
  const secret = entry.clientSecret ?? env[entry.clientSecretVariable as string];
  if (!secret) throw new Error(`variable ${entry.clientSecretVariable} is not set`);
  return { kind: 'secret', clientSecret: new Secret(secret) };
}

function readPem(path: string | undefined, field: string, directory: string): string | undefined {
  if (path === undefined) return undefined;
  const file = resolve(directory, path);
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${field}: cannot read ${file}: ${(error as NodeJS.ErrnoException).code}`, {
      cause: error,
    });
  }
}

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Secret } from './secret.js';

const VERSION = 'v1';

/**
 * Encrypts a credential for storage with AES-256-GCM under `TENANT_CREDENTIALS_KEY`: `v1.<iv>.<tag>.<data>`
 * (base64url). `context` (the tenant id) is authenticated too, so a sealed value copied to another tenant's
 * row does not open.
 */
export function sealSecret(plain: string, key: Secret, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyBytes(key), iv);
  cipher.setAAD(Buffer.from(context));
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, ...[iv, cipher.getAuthTag(), data].map((part) => part.toString('base64url'))].join('.');
}

/** Throws when the value was sealed under another key or context, or was altered. */
export function unsealSecret(sealed: string, key: Secret, context: string): string {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || data === undefined) throw new Error('not a sealed credential');
  const decipher = createDecipheriv('aes-256-gcm', keyBytes(key), Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new Error('the credential does not open with TENANT_CREDENTIALS_KEY (another key, or altered)');
  }
}

function keyBytes(key: Secret): Buffer {
  return Buffer.from(key.reveal(), 'base64');
}

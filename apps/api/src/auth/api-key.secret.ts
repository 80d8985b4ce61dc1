import { createHash, randomBytes } from 'node:crypto';

const SCHEME = 'bk_';
/** Characters of a key kept to recognise it: the scheme and 8 of its 43 random characters (48 bits). */
const PREFIX_LENGTH = SCHEME.length + 8;

/** A new key: 256 random bits, base64url, with the `bk_` scheme so that secret scanners can spot it. */
export function generateApiKey(): { key: string; prefix: string; digest: string } {
  const key = SCHEME + randomBytes(32).toString('base64url');
  return { key, prefix: prefixOf(key), digest: digestOf(key) };
}

/** What is stored and looked up: the hex SHA-256 of the whole key. */
export function digestOf(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function prefixOf(key: string): string {
  return key.slice(0, PREFIX_LENGTH);
}

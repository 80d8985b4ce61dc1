import { createHash } from 'node:crypto';

/**
 * A GUID-shaped id derived from its parts, so that a scenario gives the same tenant ids, client ids and
 * post ids on every run without the author having to invent them.
 */
export function stableGuid(...parts: (string | number)[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A secret-looking string derived from its parts (Entra client secrets are 40 characters). */
export function stableSecret(...parts: (string | number)[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 40);
}

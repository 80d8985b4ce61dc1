import { sealSecret, type Secret, unsealSecret } from '#config';

/**
 * A target's secrets at rest (`notification_targets.secrets`): each value sealed as tenant credentials are
 * (AES-256-GCM under TENANT_CREDENTIALS_KEY), bound to the target and the secret's name, so that a value
 * copied to another target or name does not open. The names stay readable: they say which are set.
 * Migration 1795722000000-SealNotificationSecrets writes the same format.
 */
export function sealTargetSecrets(
  secrets: Record<string, string>,
  key: Secret,
  targetId: string,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(secrets).map(([name, value]) => [name, sealSecret(value, key, context(targetId, name))]),
  );
}

/** Throws, naming the target but never a value, when the key is missing, another, or a value was altered. */
export function openTargetSecrets(
  sealed: Record<string, string>,
  key: Secret | null,
  targetId: string,
): Record<string, string> {
  const names = Object.keys(sealed);
  if (names.length === 0) return {};
  if (!key) throw new Error('TENANT_CREDENTIALS_KEY is not set, so the target’s secrets cannot be opened');
  return Object.fromEntries(
    names.map((name) => [name, unsealSecret(sealed[name]!, key, context(targetId, name))]),
  );
}

function context(targetId: string, name: string): string {
  return `notification-target/${targetId}/${name}`;
}

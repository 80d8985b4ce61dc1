import type { Channel, RawSignal } from '#domain';
import type { UnreadableItem } from './validation.notes.js';
import { contentHash } from './content-hash.util.js';

export type RawSignalInput = Omit<RawSignal, 'contentHash' | 'payloadHash'>;

/**
 * A signal with its content hash computed from the payload, minus the fields named volatile, and its
 * payload's hash (the same when none is).
 */
export function toRawSignal(input: RawSignalInput, volatileFields: readonly string[] = []): RawSignal {
  const payloadHash = contentHash(input.payload);
  return {
    ...input,
    contentHash: volatileFields.length === 0 ? payloadHash : contentHash(input.payload, volatileFields),
    payloadHash,
  };
}

/**
 * An item that failed validation, as a signal to store as received: known by its own id when it has a
 * readable one, else by its content's hash.
 */
export function toUnreadableSignal(
  channel: Channel,
  tenantId: string | null,
  { kind, id, item, reason }: UnreadableItem,
): RawSignal {
  const payload =
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? (item as Record<string, unknown>)
      : { value: item ?? null };
  const hash = contentHash(payload);
  return {
    channel,
    tenantId,
    kind,
    externalId: id ?? `unreadable:${hash.slice(0, 16)}`,
    contentHash: hash,
    publishedAt: null,
    payload,
    payloadHash: hash,
    unreadable: reason,
  };
}

import type { RawSignal } from '#domain';
import { contentHash } from './content-hash.util.js';

export type RawSignalInput = Omit<RawSignal, 'contentHash'>;

/** A signal with its content hash computed from the payload, minus the fields named volatile. */
export function toRawSignal(input: RawSignalInput, volatileFields: readonly string[] = []): RawSignal {
  return { ...input, contentHash: contentHash(input.payload, volatileFields) };
}

import { BEACON_CONFIG, type BeaconConfig } from '#config';
import { Inject, Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';

/** What a request or a connection_init payload presents: no key, a wrong one, or a valid one. */
export type KeyVerdict = 'absent' | 'invalid' | 'valid';

const BEARER = /^Bearer\s+(\S.*)$/i;

/**
 * `API_KEYS`: when set, every GraphQL request must present one of them, as `Authorization: Bearer <key>`
 * or `x-api-key: <key>` (or the same names in a WebSocket's connection_init payload). Keys are compared
 * as SHA-256 digests with `timingSafeEqual`, against every configured key, so that neither the length nor
 * the content of a key shows in the time an answer takes.
 */
@Injectable()
export class ApiKeysService {
  private readonly digests: Buffer[];

  constructor(@Inject(BEACON_CONFIG) config: BeaconConfig) {
    this.digests = config.apiKeys.map((key) => digest(key.reveal()));
  }

  get required(): boolean {
    return this.digests.length > 0;
  }

  /** Reads the key from headers, or from a connection_init payload shaped like headers (any casing). */
  verify(...sources: unknown[]): KeyVerdict {
    const presented = sources.flatMap(keysIn);
    if (presented.length === 0) return 'absent';
    return presented.some((key) => this.accepts(key)) ? 'valid' : 'invalid';
  }

  private accepts(key: string): boolean {
    const presented = digest(key);
    let accepted = false;
    for (const known of this.digests) accepted = timingSafeEqual(presented, known) || accepted;
    return accepted;
  }
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

function keysIn(source: unknown): string[] {
  if (typeof source !== 'object' || source === null) return [];
  const entries = Object.entries(source as Record<string, unknown>);
  const nested = entries.find(([name]) => name.toLowerCase() === 'headers')?.[1];
  const keys: string[] = nested === source ? [] : keysIn(nested);
  for (const [name, value] of entries) {
    if (typeof value !== 'string') continue;
    const lower = name.toLowerCase();
    if (lower === 'x-api-key' || lower === 'apikey') keys.push(value.trim());
    if (lower === 'authorization') {
      const bearer = BEARER.exec(value.trim());
      keys.push(bearer ? bearer[1]!.trim() : value.trim());
    }
  }
  return keys.filter((key) => key.length > 0);
}

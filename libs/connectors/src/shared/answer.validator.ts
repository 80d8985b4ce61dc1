import type { SignalKind } from '#domain';
import type { z } from 'zod';
import { ConnectorError } from '../connector.error.js';
import { contentHash } from './content-hash.util.js';
import { firstIssue, type PartialNotes } from './validation.notes.js';

/** Validates a whole answer: one that fails its schema fails the poll as `malformed`. */
export function validateAnswer<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new ConnectorError('malformed', `${what}: unexpected answer (${firstIssue(result.error)})`);
  return result.data;
}

/**
 * Validates a whole answer that is a payload: one that fails its schema fails the poll as `malformed`; one
 * that passes is returned as received, because a payload is stored as the upstream sent it (the schema's
 * output, e.g. dates read as Dates, is for whoever reads it back).
 */
export function validateReceivedAnswer<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.input<S> {
  validateAnswer(schema, value, what);
  return value as z.input<S>;
}

/** How an answer's items are named: their signal kind and the field that holds their id. */
export interface ItemIdentity {
  kind: SignalKind;
  idField: string;
}

/**
 * Validates the items of an answer one by one: an item that fails is noted as unreadable (to be stored as
 * received, never dropped), so that one odd item does not hide the others. The items that pass are
 * returned as received too: they are payloads, stored as the upstream sent them.
 */
export function validateItems<S extends z.ZodType>(
  schema: S,
  items: readonly unknown[],
  { kind, idField }: ItemIdentity,
  notes: PartialNotes,
): z.input<S>[] {
  const valid: z.input<S>[] = [];
  const known = validContents(schema);
  items.forEach((item, index) => {
    const hash = isRecord(item) ? contentHash(item) : undefined;
    if (hash !== undefined && known.has(hash)) {
      valid.push(item as z.input<S>);
      return;
    }
    const result = schema.safeParse(item);
    if (result.success) {
      valid.push(item as z.input<S>);
      if (hash !== undefined) remember(known, hash);
    } else {
      const id = readableId(item, idField);
      notes.unreadable({ kind, id, item, label: `${kind} ${id ?? `#${index + 1}`}`, error: result.error });
    }
  });
  return valid;
}

/**
 * The content hashes of items that passed each schema, in this process: every tenant's Graph lists the same
 * issues, and an item's validity depends only on its content, so each content is validated once, not once
 * per tenant (validation made about a fifth of what an ingestor's first import allocated). At most
 * `KNOWN_VALID` hashes a schema (about 2 MB), the oldest forgotten first.
 */
const validByContent = new WeakMap<z.ZodType, Set<string>>();
const KNOWN_VALID = 20_000;

function validContents(schema: z.ZodType): Set<string> {
  let known = validByContent.get(schema);
  if (known === undefined) validByContent.set(schema, (known = new Set()));
  return known;
}

function remember(known: Set<string>, hash: string): void {
  if (known.size >= KNOWN_VALID) known.delete(known.values().next().value as string);
  known.add(hash);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The item's `idField` when that is a short non-empty string. */
function readableId(item: unknown, idField: string): string | null {
  const id =
    item !== null && typeof item === 'object' ? (item as Record<string, unknown>)[idField] : undefined;
  return typeof id === 'string' && id.length > 0 && id.length <= 100 ? id : null;
}

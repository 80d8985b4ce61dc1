import type { z } from 'zod';
import { ConnectorError } from '../connector.error.js';
import { firstIssue, type PartialNotes } from './validation.notes.js';

/** Validates a whole answer: one that fails its schema fails the poll as `malformed`. */
export function validateAnswer<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new ConnectorError('malformed', `${what}: unexpected answer (${firstIssue(result.error)})`);
  return result.data;
}

/**
 * Validates the items of an answer one by one: an item that fails is skipped and noted, so that one odd
 * item does not hide the others. `labelOf` names an item in the note (its id if it has a readable one).
 */
export function validateItems<S extends z.ZodType>(
  schema: S,
  items: readonly unknown[],
  labelOf: (item: unknown, index: number) => string,
  notes: PartialNotes,
): z.output<S>[] {
  const valid: z.output<S>[] = [];
  items.forEach((item, index) => {
    const result = schema.safeParse(item);
    if (result.success) valid.push(result.data);
    else notes.skip(labelOf(item, index), result.error);
  });
  return valid;
}

/** A label for an item in notes: its `idField` when that is a string, else its position. */
export function itemLabel(kind: string, idField: string): (item: unknown, index: number) => string {
  return (item, index) => {
    const id =
      item !== null && typeof item === 'object' ? (item as Record<string, unknown>)[idField] : undefined;
    return typeof id === 'string' && id.length > 0 && id.length <= 100
      ? `${kind} ${id}`
      : `${kind} #${index + 1}`;
  };
}

import type { SignalKind } from '#domain';
import type { z } from 'zod';
import { validateAnswer, validateItems } from '../shared/answer.validator.js';
import type { PartialNotes } from '../shared/validation.notes.js';
import { graphPageSchema } from './graph.schemas.js';

export interface GraphPage<T> {
  items: T[];
  nextLink: string | null;
}

/**
 * Validates one page of a Graph collection: a page that is not `{ value: [...] }` fails the poll; an item
 * that fails `itemSchema` is noted as unreadable, of `kind`. Items are returned as Graph sent them.
 */
export function parseGraphPage<S extends z.ZodType>(
  body: unknown,
  itemSchema: S,
  kind: SignalKind,
  what: string,
  notes: PartialNotes,
): GraphPage<z.input<S>> {
  const page = validateAnswer(graphPageSchema, body, what);
  return {
    items: validateItems(itemSchema, page.value, { kind, idField: 'id' }, notes),
    nextLink: page['@odata.nextLink'] ?? null,
  };
}

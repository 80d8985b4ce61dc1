import type { z } from 'zod';
import { itemLabel, validateAnswer, validateItems } from '../shared/answer.validator.js';
import type { PartialNotes } from '../shared/validation.notes.js';
import { graphPageSchema } from './graph.schemas.js';

export interface GraphPage<T> {
  items: T[];
  nextLink: string | null;
}

/**
 * Validates one page of a Graph collection: a page that is not `{ value: [...] }` fails the poll; an item
 * that fails `itemSchema` is skipped and noted. `kind` names the items in notes (`graph.issue EX123`).
 */
export function parseGraphPage<S extends z.ZodType>(
  body: unknown,
  itemSchema: S,
  kind: string,
  what: string,
  notes: PartialNotes,
): GraphPage<z.output<S>> {
  const page = validateAnswer(graphPageSchema, body, what);
  return {
    items: validateItems(itemSchema, page.value, itemLabel(kind, 'id'), notes),
    nextLink: page['@odata.nextLink'] ?? null,
  };
}

import type { SignalKind } from '#domain';
import type { z } from 'zod';

/** An answer's item that failed its schema: stored as received, marked unreadable, never dropped. */
export interface UnreadableItem {
  kind: SignalKind;
  /** The item's own id when it has a readable one. */
  id: string | null;
  item: unknown;
  /** Which item and what is wrong, e.g. `graph.issue EX123: lastModifiedDateTime: expected …`. */
  reason: string;
}

/**
 * What made a poll's answer only partly usable: paging cut short, an endpoint that failed (summarised into
 * the poll result's `partial`), and items that failed validation (returned as unreadable signals, which
 * the poll run counts).
 */
export class PartialNotes {
  readonly #notes: string[] = [];
  readonly #unreadable: UnreadableItem[] = [];

  /** An item that failed its schema; `label` names it (its id when it had one). */
  unreadable(entry: Omit<UnreadableItem, 'reason'> & { label: string; error: z.ZodError }): void {
    const { label, error, ...item } = entry;
    this.#unreadable.push({ ...item, reason: `${label}: ${firstIssue(error)}` });
  }

  get unreadableItems(): readonly UnreadableItem[] {
    return this.#unreadable;
  }

  add(note: string): void {
    this.#notes.push(note);
  }

  summary(): string | undefined {
    return this.#notes.length > 0 ? this.#notes.join('; ') : undefined;
  }
}

/** The first problem of a failed validation, e.g. `lastModifiedDateTime: expected an ISO 8601 date-time`. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

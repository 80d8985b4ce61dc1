import type { z } from 'zod';

const LISTED = 5;

/**
 * What made a poll's answer only partly usable: items skipped because they failed validation, paging cut
 * short. Summarised into the poll result's `partial`.
 */
export class PartialNotes {
  readonly #skipped: string[] = [];
  readonly #notes: string[] = [];

  /** An item that failed its schema: `label` names it (its id when it had one). */
  skip(label: string, error: z.ZodError): void {
    this.#skipped.push(`${label} (${firstIssue(error)})`);
  }

  add(note: string): void {
    this.#notes.push(note);
  }

  summary(): string | undefined {
    const parts = [...this.#notes];
    if (this.#skipped.length > 0) {
      const more = this.#skipped.length > LISTED ? `, and ${this.#skipped.length - LISTED} more` : '';
      parts.push(
        `skipped ${this.#skipped.length} invalid item(s): ${this.#skipped.slice(0, LISTED).join(', ')}${more}`,
      );
    }
    return parts.length > 0 ? parts.join('; ') : undefined;
  }
}

/** The first problem of a failed validation, e.g. `lastModifiedDateTime: expected an ISO 8601 date-time`. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

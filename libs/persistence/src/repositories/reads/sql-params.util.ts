/** Positional parameters for a hand-written statement: `add` returns the placeholder of the value. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** A page size written into the statement (a plan made for `LIMIT $n` would have to guess n). */
export function integer(value: number): number {
  if (!Number.isSafeInteger(value)) throw new TypeError(`not an integer: ${value}`);
  return value;
}

import { ConnectorError } from '../connector.error.js';
import type { PollContext } from './poll.context.js';
import type { PartialNotes } from './validation.notes.js';

/**
 * The endpoints of one poll, read independently (semantics.md, "Bad input"): one that fails is noted as
 * `partial` (`messages: authentication: …`) and the others' answers are kept. A poll aborted (its time-out
 * or shutdown) is not a part failing: it ends the whole poll. When every part failed, the poll fails with
 * the first failure, as a poll that read nothing.
 */
export class PollParts {
  readonly #failures: Array<{ part: string; error: ConnectorError }> = [];
  #read = 0;

  constructor(
    private readonly poll: PollContext,
    private readonly notes: PartialNotes,
  ) {}

  /** The part's value, or undefined when it failed (the failure is noted). */
  async read<T>(part: string, read: () => Promise<T>): Promise<T | undefined> {
    try {
      const value = await read();
      this.#read++;
      return value;
    } catch (error) {
      if (!(error instanceof ConnectorError) || this.poll.signal.aborted) throw error;
      this.#failures.push({ part, error });
      this.notes.add(`${part}: ${error.kind}: ${error.message}`);
      return undefined;
    }
  }

  /** Throws the first failure when no part answered. */
  throwIfNoneRead(): void {
    const first = this.#failures[0];
    if (this.#read === 0 && first) throw first.error;
  }
}

import type { Connector, Cursor, PollRequest, PollResult } from '#connectors';
import type { Channel, RawSignal } from '#domain';

type Step = PollResult | Error | ((request: PollRequest) => Promise<PollResult>);

/**
 * A connector that answers each poll with the next scripted result or error, and records the requests it
 * got: for tests of ingestion's own behaviour (transactions, health, locks), apart from any upstream.
 */
export class ScriptedConnector implements Connector {
  readonly requests: PollRequest[] = [];
  private readonly steps: Step[] = [];

  constructor(
    readonly channel: Channel,
    readonly tenantId: string | null = null,
  ) {}

  then(...steps: Step[]): this {
    this.steps.push(...steps);
    return this;
  }

  async poll(request: PollRequest): Promise<PollResult> {
    this.requests.push(request);
    const step = this.steps.shift();
    if (step === undefined) throw new Error('ScriptedConnector: no step left for this poll');
    if (step instanceof Error) throw step;
    return typeof step === 'function' ? step(request) : step;
  }
}

/** A poll result carrying the given signals and cursor. */
export function pollResult(signals: RawSignal[], cursor: Cursor | null = null): PollResult {
  return { signals, cursor, requests: 1, throttledMs: 0 };
}

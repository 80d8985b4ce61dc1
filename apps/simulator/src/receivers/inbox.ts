/** Which receiver took a request: each speaks its service's protocol. */
export type ReceiverKind = 'teams' | 'slackWebhook' | 'slackApi' | 'webhook' | 'email';

export interface ReceivedRequest {
  /** Arrival order across every target. */
  seq: number;
  /** The URL path for webhooks (`/teams/ops`), `slack:<channel>` for the Slack Web API, the address for e-mail. */
  target: string;
  kind: ReceiverKind;
  receivedAt: Date;
  /** What the receiver answered: an HTTP status, or an SMTP reply code. */
  status: number;
  /** Taken: answered with success, and not a repeat of a key already taken for this target. */
  accepted: boolean;
  /** A repeat of an idempotency key already taken for this target (answered with success, not taken again). */
  duplicate: boolean;
  idempotencyKey?: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** The parsed body: JSON for HTTP, `ReceivedEmail` for SMTP. */
  body: unknown;
  /** The body as it came (what a signature covers). */
  rawBody: string;
  /** What the receiver answered (a repeat gets the first answer again: the same Slack ts). */
  response?: unknown;
}

export type NewRequest = Omit<ReceivedRequest, 'seq' | 'receivedAt' | 'accepted' | 'duplicate'>;

/**
 * Every request the receivers got, in order, per target: the oracle for "each message once, in order".
 * A request whose idempotency key was already taken for its target is a duplicate: counted, answered as a
 * success (as an idempotent receiver would), never taken twice.
 */
export class Inbox {
  #requests: ReceivedRequest[] = [];
  #taken = new Map<string, ReceivedRequest>();

  /** Records a request; `succeeded` says whether the receiver's answer was a success. */
  record(request: NewRequest, succeeded: boolean): ReceivedRequest {
    const key =
      request.idempotencyKey === undefined ? undefined : `${request.target}\n${request.idempotencyKey}`;
    const duplicate = succeeded && key !== undefined && this.#taken.has(key);
    const entry: ReceivedRequest = {
      ...request,
      seq: this.#requests.length + 1,
      receivedAt: new Date(),
      accepted: succeeded && !duplicate,
      duplicate,
    };
    this.#requests.push(entry);
    if (entry.accepted && key !== undefined) this.#taken.set(key, entry);
    return entry;
  }

  /** The request that first took `key` for `target`, if any. */
  takenWith(target: string, key: string): ReceivedRequest | undefined {
    return this.#taken.get(`${target}\n${key}`);
  }

  /** Every request (failed, refused and duplicate ones too), in arrival order; one target's, or all. */
  requests(target?: string): ReceivedRequest[] {
    return target === undefined ? [...this.#requests] : this.#requests.filter((r) => r.target === target);
  }

  /** The requests taken for `target`, in order: what its people saw. */
  messages(target: string): ReceivedRequest[] {
    return this.#requests.filter((r) => r.target === target && r.accepted);
  }

  duplicates(target?: string): number {
    return this.requests(target).filter((r) => r.duplicate).length;
  }

  /** Per target: requests, taken messages, duplicates and failed answers. */
  summary(): {
    target: string;
    kind: ReceiverKind;
    requests: number;
    messages: number;
    duplicates: number;
    failed: number;
  }[] {
    const byTarget = Map.groupBy(this.#requests, (r) => r.target);
    return [...byTarget].map(([target, requests]) => ({
      target,
      kind: requests[0]!.kind,
      requests: requests.length,
      messages: requests.filter((r) => r.accepted).length,
      duplicates: requests.filter((r) => r.duplicate).length,
      failed: requests.filter((r) => !r.accepted && !r.duplicate).length,
    }));
  }

  clear(): void {
    this.#requests = [];
    this.#taken.clear();
  }
}

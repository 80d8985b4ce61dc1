export interface RepeatingTaskOptions {
  /** One round; resolves to the delay before the next, counted from its end. */
  round: () => Promise<number>;
  /** A round that threw: logs it (each job its own words) and gives the delay before the next. */
  failed: (error: unknown) => number;
  /** Lets the process exit while this task only waits for its next round. */
  unref?: boolean;
}

/**
 * A job's loop: a round, then the next after a delay the round chose. Rounds never overlap; a failed one
 * is the job's to log and the loop goes on. Not @nestjs/schedule: its intervals fire at a fixed rate
 * whether the last run has ended or not, and its shutdown clears timers without awaiting a running one.
 */
export class RepeatingTask {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private woken = false;
  private stopping = false;

  constructor(private readonly options: RepeatingTaskOptions) {}

  /** True once stop() was called: a long round may check it to end early. */
  get stopped(): boolean {
    return this.stopping;
  }

  start(firstDelayMs: number): void {
    this.schedule(firstDelayMs);
  }

  /** The next round starts now, or right after the one running (once, however many wakes it heard). */
  wake(): void {
    this.woken = true;
    // No timer: a round is running (it reads `woken` when it ends), or the task is not started or stopped.
    if (this.timer === null) return;
    clearTimeout(this.timer);
    this.schedule(0);
  }

  /** No round starts after this; resolves when the running one has ended. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.woken = false;
      this.running = this.runRound().then((nextMs) => {
        this.running = null;
        this.schedule(this.woken ? 0 : nextMs);
      });
    }, delayMs);
    if (this.options.unref) this.timer.unref();
  }

  private async runRound(): Promise<number> {
    try {
      return await this.options.round();
    } catch (error) {
      return this.options.failed(error);
    }
  }
}

/**
 * The simulator's clock: seconds elapsed since the scenario's start. It stands still unless running (tests
 * step it), runs at a chosen speed (demos), and can be set anywhere, backwards included.
 */
export class SimClock {
  #elapsedAtAnchor = 0;
  #anchor: number | undefined;
  #speed = 1;

  constructor(readonly startsAtMs: number) {}

  get running(): boolean {
    return this.#anchor !== undefined;
  }

  get speed(): number {
    return this.#speed;
  }

  elapsed(): number {
    if (this.#anchor === undefined) return this.#elapsedAtAnchor;
    return this.#elapsedAtAnchor + ((performance.now() - this.#anchor) / 1000) * this.#speed;
  }

  set(seconds: number): void {
    this.#elapsedAtAnchor = seconds;
    if (this.#anchor !== undefined) this.#anchor = performance.now();
  }

  run(speed = this.#speed): void {
    if (!(speed > 0)) throw new RangeError(`speed must be positive, got ${speed}`);
    this.#elapsedAtAnchor = this.elapsed();
    this.#anchor = performance.now();
    this.#speed = speed;
  }

  pause(): void {
    this.#elapsedAtAnchor = this.elapsed();
    this.#anchor = undefined;
  }
}

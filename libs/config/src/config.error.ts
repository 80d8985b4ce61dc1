export interface ConfigProblem {
  variable: string;
  reason: string;
}

/** Start-up stops with this: one message that names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p.variable}: ${p.reason}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

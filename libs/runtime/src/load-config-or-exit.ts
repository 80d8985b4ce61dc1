import { type BeaconConfig, ConfigError, loadConfig } from '#config';

/** The validated configuration, or a refusal naming every bad variable and exit code 78 (EX_CONFIG). */
export function loadConfigOrExit(): BeaconConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`beacon: ${error.message}\n`);
    process.exit(78);
  }
}

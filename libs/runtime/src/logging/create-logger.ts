import type { BeaconConfig } from '#config';
import { pino, type Logger } from 'pino';

/** Paths that may carry credentials: their values are replaced before a line is written. */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.clientSecret',
  '*.client_secret',
  '*.accessToken',
  '*.access_token',
  '*.bearerToken',
  '*.token',
];

/**
 * JSON lines for machines; coloured, readable lines when a person watches the terminal.
 * Secrets are redacted by path here, and by type everywhere (see `Secret`).
 */
export function createLogger(config: Pick<BeaconConfig, 'logLevel'>, name: string): Logger {
  return pino({
    name,
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    transport: process.stdout.isTTY
      ? {
          target: 'pino-pretty',
          options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
        }
      : undefined,
  });
}

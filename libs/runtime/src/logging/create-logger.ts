import type { BeaconConfig } from '#config';
import { type Logger, type LoggerOptions, pino } from 'pino';
import pretty from 'pino-pretty';

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

const INFO = 30;
/** Nest's line per module and per route at start-up: detail for debugging, not news for an operator. */
const NEST_START_UP = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'GraphQLModule',
]);

/**
 * JSON lines for machines; short, coloured lines when a person reads them (stdout is a terminal, or
 * NODE_ENV=development as in `npm run demo`). Pretty lines are written synchronously in this thread, so
 * they keep their order with what the process prints itself (the demo's banner) and survive
 * `process.exit`. Secrets are redacted by path here, and by type everywhere (see `Secret`).
 */
export function createLogger(config: Pick<BeaconConfig, 'logLevel'>, name: string): Logger {
  const options: LoggerOptions = {
    name,
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    hooks: {
      logMethod(args, write, level) {
        const context = (args[0] as { context?: unknown } | undefined)?.context;
        if (level === INFO && NEST_START_UP.has(context as string)) return this.debug(...(args as [object]));
        write.apply(this, args);
      },
    },
  };
  if (!process.stdout.isTTY && process.env.NODE_ENV !== 'development') return pino(options);
  return pino(
    options,
    pretty({
      sync: true,
      colorize: process.stdout.isTTY,
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname,name,context',
      messageFormat: '{if context}{context}: {end}{msg}',
      singleLine: true,
    }),
  );
}

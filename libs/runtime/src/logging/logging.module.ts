import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';

/** Nest's and Fastify's logs, through the process's one pino logger. */
@Module({})
export class LoggingModule {
  static forRoot(logger: Logger): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            logger,
            // Method, path and status say what happened; headers would only add noise (and risk).
            serializers: {
              req: (req: { method?: string; url?: string }) => ({ method: req.method, url: req.url }),
              res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
            },
            // Probes and scrapes every few seconds would drown everything else.
            autoLogging: { ignore: (req) => /^\/(health|metrics)\b/.test(req.url ?? '') },
          },
        }),
      ],
    };
  }
}

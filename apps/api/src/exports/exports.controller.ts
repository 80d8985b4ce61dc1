import { Controller, Get, Logger, Query, Req, Res } from '@nestjs/common';
import type { Principal } from '../auth/principal.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { ApiError } from '../errors/api.error.js';
import { AnalystAccess } from '../statistics/analyst-access.js';
import type { ExportFormat } from './export-format.util.js';
import { CONTENT_TYPES } from './export-format.util.js';
import type { QueryString } from './export-query.util.js';
import { ExportsService } from './exports.service.js';

/**
 * Exports over plain HTTP, for spreadsheets and scripts: `GET /export/incidents.csv?…`, `.ndjson`, and
 * the same for `statistics` (with `groupBy`). The query string is the `IncidentFilter` of GraphQL
 * (`serviceIds` comma-separated), plus `updates=true` for incidents. The key is sent as for GraphQL.
 * The body streams: a failure after the first row can only cut it short (the log has the cause).
 */
@Controller('export')
export class ExportsController {
  private readonly logger = new Logger(ExportsController.name);

  constructor(
    private readonly exportsService: ExportsService,
    private readonly access: AnalystAccess,
  ) {}

  @Get('incidents.csv')
  incidentsCsv(@Req() request: FastifyRequest, @Query() query: QueryString, @Res() reply: FastifyReply) {
    return this.send(request, reply, 'incidents', 'csv', (principal) =>
      this.exportsService.incidents(query, 'csv', principal),
    );
  }

  @Get('incidents.ndjson')
  incidentsNdjson(@Req() request: FastifyRequest, @Query() query: QueryString, @Res() reply: FastifyReply) {
    return this.send(request, reply, 'incidents', 'ndjson', (principal) =>
      this.exportsService.incidents(query, 'ndjson', principal),
    );
  }

  @Get('statistics.csv')
  statisticsCsv(@Req() request: FastifyRequest, @Query() query: QueryString, @Res() reply: FastifyReply) {
    return this.send(request, reply, 'statistics', 'csv', (principal) =>
      this.exportsService.statistics(query, 'csv', principal),
    );
  }

  @Get('statistics.ndjson')
  statisticsNdjson(@Req() request: FastifyRequest, @Query() query: QueryString, @Res() reply: FastifyReply) {
    return this.send(request, reply, 'statistics', 'ndjson', (principal) =>
      this.exportsService.statistics(query, 'ndjson', principal),
    );
  }

  private async send(
    request: FastifyRequest,
    reply: FastifyReply,
    name: string,
    format: ExportFormat,
    lines: (principal: Principal) => Promise<AsyncIterable<string>>,
  ): Promise<void> {
    let body: AsyncIterable<string>;
    try {
      body = await lines(await this.access.assertCanAnalyse(request, reply));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const status = error.statusCode === 200 ? 400 : error.statusCode;
      if (status === 401) reply.header('www-authenticate', 'Bearer realm="beacon"');
      await reply
        .code(status)
        .type('application/json')
        .send({ errors: [{ message: error.message, extensions: error.extensions }] });
      return;
    }
    const stream = Readable.from(body);
    stream.on('error', (error) => this.logger.error({ err: error }, `export of ${name} cut short`));
    await reply
      .type(CONTENT_TYPES[format])
      .header('content-disposition', `attachment; filename="${name}.${format}"`)
      .header('cache-control', 'no-store')
      .send(stream);
  }
}

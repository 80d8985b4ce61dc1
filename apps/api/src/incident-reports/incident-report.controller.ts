import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpRouteAccess } from '../auth/http-route-access.service.js';
import { ApiError } from '../errors/api.error.js';
import { IncidentsService } from '../incidents/incidents.service.js';
import { IncidentReportsRepository } from '#persistence';

/** The types a review is served as; anything else Graph sent goes out as bytes of no declared type. */
const SERVED_TYPES = new Map([
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
  ['application/pdf', 'pdf'],
  ['text/plain', 'txt'],
]);

/**
 * `GET /incidents/{id}/report`: an incident's post-incident review as Graph streamed it, for the same keys
 * and tenant view as GraphQL (`incident(id)`): an incident the key can't see is answered as unknown.
 */
@Controller('incidents')
export class IncidentReportController {
  constructor(
    private readonly access: HttpRouteAccess,
    private readonly incidents: IncidentsService,
    private readonly reports: IncidentReportsRepository,
  ) {}

  @Get(':id/report')
  async report(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    try {
      const principal = await this.access.principalWithRole(request, reply, 'viewer');
      const incident = await this.incidents.find(id, null, principal);
      const review = incident && (await this.reports.ofIncidents([incident.key])).get(incident.key);
      const document = review ? await this.reports.document(review.issueId) : null;
      if (!document) return await error(reply, 404, `no post-incident review of ${id} is kept`);
      const extension = SERVED_TYPES.get(document.mediaType ?? '');
      return await reply
        .code(200)
        .type(extension ? (document.mediaType as string) : 'application/octet-stream')
        .header(
          'content-disposition',
          `attachment; filename="${document.issueId}-post-incident-review.${extension ?? 'bin'}"`,
        )
        .header('etag', `"${document.sha256}"`)
        .header('cache-control', 'private, no-cache')
        .send(document.content);
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      if (failure.statusCode === 401) reply.header('www-authenticate', 'Bearer realm="beacon"');
      return error(reply, failure.statusCode === 200 ? 400 : failure.statusCode, failure.message, failure);
    }
  }
}

function error(reply: FastifyReply, status: number, message: string, failure?: ApiError) {
  return reply
    .code(status)
    .type('application/json')
    .send({ errors: [{ message, ...(failure ? { extensions: failure.extensions } : {}) }] });
}

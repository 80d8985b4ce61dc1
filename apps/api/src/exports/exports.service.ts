import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal.js';
import { IncidentsService } from '../incidents/incidents.service.js';
import type { DurationSummaryModel, StatisticsGroupModel } from '../statistics/statistics.model.js';
import { StatisticsService } from '../statistics/statistics.service.js';
import { csvLine, type ExportFormat, ndjsonLine } from './export-format.util.js';
import { booleanOf, exportQuery, groupingOf, type QueryString } from './export-query.util.js';
import {
  type ExportShape,
  INCIDENT_EXPORT_COLUMNS,
  IncidentExportRepository,
  UPDATE_EXPORT_COLUMNS,
} from '#persistence';

/**
 * What an export writes, line by line. Arguments are validated before the first line, so a bad request
 * gets an error rather than a truncated file.
 */
@Injectable()
export class ExportsService {
  constructor(
    private readonly incidentsService: IncidentsService,
    private readonly statisticsService: StatisticsService,
    private readonly repository: IncidentExportRepository,
  ) {}

  /**
   * CSV: one line per incident, or with `updates=true` one line per update (the incident's columns
   * repeated; an incident without updates keeps one line). NDJSON: one incident per line, with
   * `updates=true` its updates nested, oldest first.
   */
  async incidents(
    query: QueryString,
    format: ExportFormat,
    principal: Principal,
  ): Promise<AsyncIterable<string>> {
    const { filter, value } = exportQuery(query, ['updates']);
    const withUpdates = booleanOf(value('updates'), 'updates') ?? false;
    const criteria = this.incidentsService.criteria(filter, principal);
    const shape: ExportShape = !withUpdates
      ? 'incidents'
      : format === 'csv'
        ? 'incidentsWithUpdateRows'
        : 'incidentsWithNestedUpdates';
    const rows = this.repository.rows(criteria, shape);
    if (format === 'ndjson') return mapLines(rows, ndjsonLine);
    const columns = [...INCIDENT_EXPORT_COLUMNS, ...(withUpdates ? UPDATE_EXPORT_COLUMNS : [])];
    return withHeader(
      csvLine(columns),
      mapLines(rows, (row) => csvLine(columns.map((column) => row[column]))),
    );
  }

  /** The total first (key empty, `total` true), then each group, as `incidentStatistics` gives them. */
  async statistics(
    query: QueryString,
    format: ExportFormat,
    principal: Principal,
  ): Promise<AsyncIterable<string>> {
    const { filter, value } = exportQuery(query, ['groupBy']);
    const groupBy = groupingOf(value('groupBy'));
    const { total, groups } = await this.statisticsService.statistics(filter, groupBy, principal);
    const rows = [
      { groupBy, total: true, ...total },
      ...groups.map((group) => ({ groupBy, total: false, ...group })),
    ];
    if (format === 'ndjson')
      return (async function* () {
        for (const row of rows) yield ndjsonLine(row);
      })();
    const flat = rows.map(flatStatistics);
    return (async function* () {
      yield csvLine(Object.keys(flat[0]!));
      for (const row of flat) yield csvLine(Object.values(row));
    })();
  }
}

/** Lines about 64 KB at a time: one socket write per line would cost more than the line. */
const CHUNK_CHARACTERS = 64 * 1024;

async function* mapLines<T>(rows: AsyncIterable<T>, line: (row: T) => string): AsyncGenerator<string> {
  let chunk = '';
  for await (const row of rows) {
    chunk += line(row);
    if (chunk.length >= CHUNK_CHARACTERS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

async function* withHeader(header: string, lines: AsyncIterable<string>): AsyncGenerator<string> {
  yield header;
  yield* lines;
}

/** A group as one CSV line: nested figures become columns (`timeToResolve.p50Seconds`). */
function flatStatistics(
  row: { groupBy: string; total: boolean } & StatisticsGroupModel,
): Record<string, unknown> {
  const summary = (prefix: string, value: DurationSummaryModel) => ({
    [`${prefix}.count`]: value.count,
    [`${prefix}.p50Seconds`]: value.p50Seconds,
    [`${prefix}.p90Seconds`]: value.p90Seconds,
    [`${prefix}.maxSeconds`]: value.maxSeconds,
  });
  const { communication, promises, postIncidentReviews } = row;
  return {
    groupBy: row.groupBy,
    total: row.total,
    key: row.key,
    label: row.label,
    incidentCount: row.incidentCount,
    ...summary('timeToResolve', row.timeToResolve),
    ...Object.fromEntries(
      communication.firstWord.map(({ channel, incidentCount }) => [`firstWord.${channel}`, incidentCount]),
    ),
    ...summary('graphLag', communication.graphLag),
    ...summary('fallbackOnly', communication.fallbackOnly),
    neverOnGraphCount: communication.neverOnGraphCount,
    'promises.count': promises.count,
    'promises.keptCount': promises.keptCount,
    'promises.lateCount': promises.lateCount,
    'promises.unansweredCount': promises.unansweredCount,
    'promises.pendingCount': promises.pendingCount,
    ...summary('promises.lateness', promises.lateness),
    'postIncidentReviews.count': postIncidentReviews.count,
    'postIncidentReviews.share': postIncidentReviews.share,
  };
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type pg from 'pg';
import QueryStream from 'pg-query-stream';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { READS } from './reads.data-source.js';
import { SqlParams } from './sql-params.util.js';
import { type IncidentCriteria, IncidentsRepository } from './incidents.repository.js';

/** The incident columns of an export, in order (their names are the CSV header). */
export const INCIDENT_EXPORT_COLUMNS = [
  'id',
  'title',
  'serviceId',
  'serviceName',
  'feature',
  'featureGroup',
  'classification',
  'status',
  'level',
  'isResolved',
  'startedAt',
  'endedAt',
  'firstSeenAt',
  'lastUpdatedAt',
  'provisional',
  'postIncidentReportAvailable',
] as const;
export const UPDATE_EXPORT_COLUMNS = ['updateChannel', 'updatePostedAt', 'updateKind', 'updateText'] as const;

const SELECT_INCIDENT = `i.reference AS "id", i.title, i.service_id AS "serviceId", i.service_name AS "serviceName",
  i.feature, i.feature_group AS "featureGroup", i.classification, i.status, i.level, i.is_resolved AS "isResolved",
  i.started_at AS "startedAt", i.ended_at AS "endedAt", i.first_seen_at AS "firstSeenAt",
  i.last_updated_at AS "lastUpdatedAt", i.provisional,
  i.post_incident_report_available AS "postIncidentReportAvailable"`;

/** Rows fetched from the cursor at a time: memory holds about this many, whatever the export's size. */
const BATCH_SIZE = 500;

export type ExportShape = 'incidents' | 'incidentsWithUpdateRows' | 'incidentsWithNestedUpdates';

/**
 * Incidents for export, read through a PostgreSQL cursor (pg-query-stream) in the order of `incidents`,
 * so that an export of years of history holds a batch in memory, not the history. The export runs in a
 * read-only transaction of its own on a connection of the API's read pool: one snapshot from the first
 * row to the last, and the pool's statement and idle time-outs (meant for short reads) lifted for it
 * alone (SET LOCAL ends with the transaction); a client that stops reading for ten minutes loses it.
 */
@Injectable()
export class IncidentExportRepository {
  constructor(
    @InjectDataSource(READS) private readonly dataSource: DataSource,
    private readonly incidents: IncidentsRepository,
  ) {}

  async *rows(criteria: IncidentCriteria, shape: ExportShape): AsyncGenerator<Record<string, unknown>> {
    const { text, values } = this.statement(criteria, shape);
    const client = await this.pool.connect();
    let failed: unknown;
    try {
      await client.query('BEGIN READ ONLY');
      await client.query(`SET LOCAL statement_timeout = 0`);
      await client.query(`SET LOCAL idle_in_transaction_session_timeout = '10min'`);
      const stream = client.query(new QueryStream(text, values, { batchSize: BATCH_SIZE }));
      for await (const row of stream) yield row as Record<string, unknown>;
    } catch (error) {
      failed = error;
      throw error;
    } finally {
      // Also when the reader stopped early (a closed download): the cursor is closed, the snapshot let go.
      await client.query('ROLLBACK').catch((error: unknown) => (failed ??= error));
      client.release(failed instanceof Error ? failed : undefined);
    }
  }

  private statement(criteria: IncidentCriteria, shape: ExportShape): { text: string; values: unknown[] } {
    const params = new SqlParams();
    const { join, conditions } = this.incidents.filter(criteria, params);
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const order = 'i.last_updated_at DESC, i.reference DESC';
    const text =
      shape === 'incidentsWithUpdateRows'
        ? `SELECT ${SELECT_INCIDENT}, u.channel AS "updateChannel", u.posted_at AS "updatePostedAt",
             u.kind AS "updateKind", u.text AS "updateText"
           FROM incidents i ${join} LEFT JOIN incident_updates u ON u.incident_id = i.id ${where}
           ORDER BY ${order}, u.posted_at, u.channel, u.external_id`
        : shape === 'incidentsWithNestedUpdates'
          ? `SELECT ${SELECT_INCIDENT}, coalesce((
               SELECT json_agg(json_build_object('channel', u.channel,
                   'postedAt', to_char(u.posted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'kind', u.kind,
                   'text', u.text) ORDER BY u.posted_at, u.channel, u.external_id)
               FROM incident_updates u WHERE u.incident_id = i.id), '[]') AS updates
             FROM incidents i ${join} ${where} ORDER BY ${order}`
          : `SELECT ${SELECT_INCIDENT} FROM incidents i ${join} ${where} ORDER BY ${order}`;
    return { text, values: params.values };
  }

  private get pool(): pg.Pool {
    return (this.dataSource.driver as PostgresDriver).master as pg.Pool;
  }
}

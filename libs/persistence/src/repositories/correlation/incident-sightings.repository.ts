import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { unnestColumns } from '../unnest-columns.js';

/** First and last time an incident was seen by a channel (`by`), or listed by a tenant. */
export interface SeenSpan {
  incidentId: string;
  by: string;
  firstAt: Date;
  lastAt: Date;
}

/**
 * `incident_sightings` (when each channel spoke of an incident) and `incident_tenants` (when each tenant's
 * Graph listed it): only the first and last time are kept, so rows are written in any order.
 */
@Injectable()
export class IncidentSightingsRepository {
  /** Widens the sightings' spans, one statement for any number (at most one span per incident and channel). */
  async widenSightings(manager: EntityManager, spans: SeenSpan[]): Promise<void> {
    if (spans.length === 0) return;
    await manager.query(
      `INSERT INTO incident_sightings AS s (incident_id, channel, first_seen_at, last_seen_at)
       SELECT * FROM unnest($1::uuid[], $2::channel[], $3::timestamptz[], $4::timestamptz[])
       ON CONFLICT (incident_id, channel) DO UPDATE SET
         first_seen_at = LEAST(s.first_seen_at, EXCLUDED.first_seen_at),
         last_seen_at = GREATEST(s.last_seen_at, EXCLUDED.last_seen_at)
       WHERE EXCLUDED.first_seen_at < s.first_seen_at OR EXCLUDED.last_seen_at > s.last_seen_at`,
      columnsOf(spans),
    );
  }

  /**
   * Widens the tenant links' spans the same way; returns the incidents of the links that are new. Only new
   * links come back (and spans that widen are rewritten): a tenant's copy of a listing it had already given
   * costs an index probe, no new row version.
   */
  async widenTenantLinks(manager: EntityManager, spans: SeenSpan[]): Promise<string[]> {
    if (spans.length === 0) return [];
    const rows: Array<{ incident_id: string; new: boolean }> = await manager.query(
      `INSERT INTO incident_tenants AS t (incident_id, tenant_id, first_seen_at, last_seen_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[])
       ON CONFLICT (incident_id, tenant_id) DO UPDATE SET
         first_seen_at = LEAST(t.first_seen_at, EXCLUDED.first_seen_at),
         last_seen_at = GREATEST(t.last_seen_at, EXCLUDED.last_seen_at)
       WHERE EXCLUDED.first_seen_at < t.first_seen_at OR EXCLUDED.last_seen_at > t.last_seen_at
       RETURNING incident_id, xmax = 0 AS new`,
      columnsOf(spans),
    );
    return rows.filter((row) => row.new).map((row) => row.incident_id);
  }

  /** A merge: the absorbed incident's sightings and tenant links become the survivor's too, spans joined. */
  async copy(manager: EntityManager, survivorId: string, absorbedId: string): Promise<void> {
    const params = [survivorId, absorbedId];
    await manager.query(
      `INSERT INTO incident_sightings (incident_id, channel, first_seen_at, last_seen_at)
       SELECT $1, channel, first_seen_at, last_seen_at FROM incident_sightings WHERE incident_id = $2
       ON CONFLICT (incident_id, channel) DO UPDATE SET
         first_seen_at = LEAST(incident_sightings.first_seen_at, EXCLUDED.first_seen_at),
         last_seen_at = GREATEST(incident_sightings.last_seen_at, EXCLUDED.last_seen_at)`,
      params,
    );
    await manager.query(
      `INSERT INTO incident_tenants (incident_id, tenant_id, first_seen_at, last_seen_at)
       SELECT $1, tenant_id, first_seen_at, last_seen_at FROM incident_tenants WHERE incident_id = $2
       ON CONFLICT (incident_id, tenant_id) DO UPDATE SET
         first_seen_at = LEAST(incident_tenants.first_seen_at, EXCLUDED.first_seen_at),
         last_seen_at = GREATEST(incident_tenants.last_seen_at, EXCLUDED.last_seen_at)`,
      params,
    );
  }
}

/** Spans as four columns, for `unnest`. */
function columnsOf(spans: SeenSpan[]) {
  return unnestColumns(spans, [
    (span) => span.incidentId,
    (span) => span.by,
    (span) => span.firstAt.toISOString(),
    (span) => span.lastAt.toISOString(),
  ]);
}

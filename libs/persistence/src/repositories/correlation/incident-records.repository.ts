import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { IncidentEntity } from '../../entities/index.js';
import { unnestColumns } from '../unnest-columns.js';

/** What the correlator writes of an incident: every column but its id and the generated `search`. */
export type IncidentFields = Omit<IncidentEntity, 'id' | 'search' | 'service'>;

/** An incident found under one of the ids asked for (two ids of one incident are two of these). */
export interface IncidentUnderReference {
  reference: string;
  incident: IncidentEntity;
}

/**
 * Each field of an incident, its column and its type (as `unnest` reads it), and the column's
 * default where it has one (a field not given gets it, as an insert of the entity did).
 */
const COLUMNS: Record<keyof IncidentFields | 'id', { column: string; type: string; default?: string }> = {
  id: { column: 'id', type: 'uuid' },
  reference: { column: 'reference', type: 'text' },
  title: { column: 'title', type: 'text' },
  serviceId: { column: 'service_id', type: 'text' },
  serviceName: { column: 'service_name', type: 'text' },
  feature: { column: 'feature', type: 'text' },
  featureGroup: { column: 'feature_group', type: 'text' },
  classification: { column: 'classification', type: 'incident_classification' },
  origin: { column: 'origin', type: 'text' },
  status: { column: 'status', type: 'text' },
  level: { column: 'level', type: 'health_level' },
  isResolved: { column: 'is_resolved', type: 'boolean' },
  impactDescription: { column: 'impact_description', type: 'text' },
  startedAt: { column: 'started_at', type: 'timestamptz' },
  endedAt: { column: 'ended_at', type: 'timestamptz' },
  firstSeenAt: { column: 'first_seen_at', type: 'timestamptz' },
  lastUpdatedAt: { column: 'last_updated_at', type: 'timestamptz' },
  provisional: { column: 'provisional', type: 'boolean' },
  graphModifiedAt: { column: 'graph_modified_at', type: 'timestamptz' },
  graphPayloadHash: { column: 'graph_payload_hash', type: 'text' },
  postIncidentReportAvailable: {
    column: 'post_incident_report_available',
    type: 'boolean',
    default: 'false',
  },
};

const FIELDS = Object.entries(COLUMNS).map(([field, spec]) => ({ field, ...spec }));
const WRITTEN = FIELDS.filter(({ field }) => field !== 'id');

/** An incident's row under its entity's field names (node-postgres gives timestamps as Dates). */
const SELECTED = FIELDS.map(({ field, column }) => `incident.${column} AS "${field}"`).join(', ');

/** A written field's value in a row of `unnest`, or the column's default if not given. */
const valueOf = ({ field, default: value }: (typeof WRITTEN)[number]) =>
  value ? `coalesce(i."${field}", ${value})` : `i."${field}"`;

/** Incidents from their fields, one array per field (`unnestColumns`, in `WRITTEN`'s order). */
const INSERT = `INSERT INTO incidents (${WRITTEN.map(({ column }) => column).join(', ')})
  SELECT ${WRITTEN.map(valueOf).join(', ')}
  FROM unnest(${WRITTEN.map(({ type }, index) => `$${index + 1}::${type}[]`).join(', ')})
    AS i(${WRITTEN.map(({ field }) => `"${field}"`).join(', ')})
  RETURNING id, reference`;

/** A field's value as a column of `unnest` takes it: a time as ISO text, one not given as null. */
const COLUMN_VALUES = WRITTEN.map(({ field }) => (fields: IncidentFields) => {
  const value = fields[field as keyof IncidentFields];
  return value instanceof Date ? value.toISOString() : (value ?? null);
});

/** The entity of a row, or of fields given (a field not given stays undefined, as the entity API left it). */
function incidentOf(row: Partial<IncidentEntity>): IncidentEntity {
  return Object.assign(new IncidentEntity(), row);
}

/**
 * `incidents` and `incident_references` (every id an incident has had) as the correlator reads and writes
 * them, as `IncidentEntity` objects: lookups by id, inserts, changes, renames, and a merge's move of ids.
 */
@Injectable()
export class IncidentRecordsRepository {
  /** The incidents known by any of these ids: one row per id found. */
  async byReferences(manager: EntityManager, references: string[]): Promise<IncidentUnderReference[]> {
    const rows: Array<IncidentEntity & { asked: string }> = await manager.query(
      `SELECT ${SELECTED}, ref.reference AS asked
       FROM incidents incident JOIN incident_references ref ON ref.incident_id = incident.id
       WHERE ref.reference = ANY($1::text[])`,
      [references],
    );
    return rows.map(({ asked, ...row }) => ({ reference: asked, incident: incidentOf(row) }));
  }

  /** The open incidents of a service. */
  async openOfService(manager: EntityManager, serviceId: string): Promise<IncidentEntity[]> {
    const rows: IncidentEntity[] = await manager.query(
      `SELECT ${SELECTED} FROM incidents incident WHERE incident.is_resolved = false AND incident.service_id = $1`,
      [serviceId],
    );
    return rows.map(incidentOf);
  }

  /** Provisional incidents under an id of Beacon's own, of these services, that started in a window. */
  async provisionalWithoutMicrosoftId(
    manager: EntityManager,
    serviceIds: string[],
    from: Date,
    to: Date,
  ): Promise<IncidentEntity[]> {
    const rows: IncidentEntity[] = await manager.query(
      `SELECT ${SELECTED} FROM incidents incident
       WHERE incident.provisional = true AND incident.reference LIKE 'BCN-%'
         AND incident.service_id = ANY($1::text[])
         AND coalesce(incident.started_at, incident.first_seen_at) BETWEEN $2 AND $3
       ORDER BY incident.reference ASC`,
      [serviceIds, from, to],
    );
    return rows.map(incidentOf);
  }

  /**
   * New incidents, each under its reference as its first id: one statement for the incidents (one parameter
   * per field, however many), one for their ids. The objects are the fields given, with their new ids (a
   * field not given stays so).
   */
  async insert(manager: EntityManager, fieldsList: IncidentFields[]): Promise<IncidentEntity[]> {
    if (fieldsList.length === 0) return [];
    const rows: Array<{ id: string; reference: string }> = await manager.query(
      INSERT,
      unnestColumns(fieldsList, COLUMN_VALUES),
    );
    const idOf = new Map(rows.map(({ id, reference }) => [reference, id]));
    const created = fieldsList.map((fields) => incidentOf({ ...fields, id: idOf.get(fields.reference)! }));
    await manager.query(
      `INSERT INTO incident_references (reference, incident_id) SELECT * FROM unnest($1::text[], $2::uuid[])`,
      [created.map((incident) => incident.reference), created.map((incident) => incident.id)],
    );
    return created;
  }

  /** Writes the fields given; a field given as undefined is not written (as the entity API's update did). */
  async update(manager: EntityManager, id: string, changes: Partial<IncidentFields>): Promise<void> {
    const given = Object.entries(changes).filter(([, value]) => value !== undefined);
    if (given.length === 0) return;
    const assignments = given.map(([field], index) => `${columnOf(field)} = $${index + 2}`);
    await manager.query(`UPDATE incidents SET ${assignments.join(', ')} WHERE id = $1`, [
      id,
      ...given.map(([, value]) => value),
    ]);
  }

  /** One more id for the incident (its current one, or an alias). */
  async addReference(manager: EntityManager, incidentId: string, reference: string): Promise<void> {
    await manager.query(`INSERT INTO incident_references (reference, incident_id) VALUES ($1, $2)`, [
      reference,
      incidentId,
    ]);
  }

  /** A merge: the absorbed incident's ids become the survivor's. */
  async moveReferences(manager: EntityManager, survivorId: string, absorbedId: string): Promise<void> {
    await manager.query(`UPDATE incident_references SET incident_id = $1 WHERE incident_id = $2`, [
      survivorId,
      absorbedId,
    ]);
  }

  /** Deletes the incident, and with it (by cascade) what is still its own. */
  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`DELETE FROM incidents WHERE id = $1`, [id]);
  }
}

function columnOf(field: string): string {
  const spec = COLUMNS[field as keyof typeof COLUMNS];
  if (!spec || field === 'id') throw new Error(`incidents: no writable column for the field "${field}"`);
  return spec.column;
}

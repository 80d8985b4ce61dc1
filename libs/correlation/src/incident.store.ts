import { type Channel, nextUpdateByOf } from '#domain';
import { IncidentEntity, IncidentReferenceEntity } from '#persistence';
import type { EntityManager } from 'typeorm';

export type IncidentFields = Omit<IncidentEntity, 'id' | 'search' | 'service'>;

/** Incidents per insert: about twenty parameters each, well under PostgreSQL's limit. */
const CREATE_CHUNK = 1000;

export interface NewUpdate {
  channel: Channel;
  externalId: string;
  postedAt: Date;
  text: string;
  html: string | null;
  kind: string | null;
  rawSignalId: string | null;
}

/**
 * Incident rows inside one transaction: lookups by any id, idempotent writes, merges. Correlating
 * transactions take turns (the correlator's lock, `correlator.lock.ts`), and the primary key of
 * `incident_references` makes a second incident for one id impossible even so.
 */
export class IncidentStore {
  /** Sightings and tenant links not yet written, by incident and channel or tenant. */
  private readonly sightings = new Map<string, Span>();
  private readonly tenantLinks = new Map<string, Span>();
  private readonly newlyListed = new Set<string>();
  /**
   * The incidents read or written through this store, one object each, and the incident each id names: a
   * first import lists every issue once per tenant, and every change goes through this store (to the
   * object it holds), so a second read of an incident within the transaction needs no statement.
   */
  private readonly byId = new Map<string, IncidentEntity>();
  private readonly idOf = new Map<string, string>();

  constructor(private readonly manager: EntityManager) {}

  /** The object this store holds for the incident (a row read again gives the one already held). */
  private adopt(incident: IncidentEntity, reference = incident.reference): IncidentEntity {
    const held = this.byId.get(incident.id) ?? incident;
    this.byId.set(held.id, held);
    this.idOf.set(reference, held.id);
    return held;
  }

  async findByReference(reference: string): Promise<IncidentEntity | null> {
    return (await this.findByReferences([reference])).get(reference) ?? null;
  }

  /** The incidents known by any of these ids, by the id asked for. */
  async findByReferences(references: string[]): Promise<Map<string, IncidentEntity>> {
    const found = new Map<string, IncidentEntity>();
    const unread: string[] = [];
    for (const reference of references) {
      const known = this.byId.get(this.idOf.get(reference) ?? '');
      if (known) found.set(reference, known);
      else unread.push(reference);
    }
    if (unread.length === 0) return found;
    const rows = await this.manager
      .createQueryBuilder(IncidentEntity, 'incident')
      .innerJoin(IncidentReferenceEntity, 'ref', 'ref.incident_id = incident.id')
      .addSelect('ref.reference', 'asked')
      .addSelect('ref.incident_id', 'owner')
      .where('ref.reference = ANY(:references)', { references: unread })
      .getRawAndEntities();
    // One entity per incident, one raw row per id asked: two ids of one incident are two rows, one entity.
    const incidents = new Map(rows.entities.map((incident) => [incident.id, incident]));
    for (const { asked, owner } of rows.raw as Array<{ asked: string; owner: string }>) {
      found.set(asked, this.adopt(incidents.get(owner)!, asked));
    }
    return found;
  }

  async create(fields: IncidentFields): Promise<IncidentEntity> {
    const incident = await this.manager.save(IncidentEntity, this.manager.create(IncidentEntity, fields));
    await this.manager.insert(IncidentReferenceEntity, {
      reference: fields.reference,
      incidentId: incident.id,
    });
    return this.adopt(incident);
  }

  /** New incidents, each under its reference (in chunks: PostgreSQL takes 65,535 parameters at most). */
  async createMany(fieldsList: IncidentFields[]): Promise<IncidentEntity[]> {
    if (fieldsList.length === 0) return [];
    const ids: string[] = [];
    for (let start = 0; start < fieldsList.length; start += CREATE_CHUNK) {
      const result = await this.manager
        .createQueryBuilder()
        .insert()
        .into(IncidentEntity)
        .values(fieldsList.slice(start, start + CREATE_CHUNK))
        .returning('id')
        .updateEntity(false)
        .execute();
      ids.push(...(result.raw as Array<{ id: string }>).map((row) => row.id));
    }
    const created = fieldsList.map((fields, index) =>
      this.manager.create(IncidentEntity, { ...fields, id: ids[index]! }),
    );
    await this.manager.insert(
      IncidentReferenceEntity,
      created.map((incident) => ({ reference: incident.reference, incidentId: incident.id })),
    );
    return created.map((incident) => this.adopt(incident));
  }

  /**
   * Writes what differs (another tenant's copy of the same issue usually changes nothing); whether
   * anything did.
   */
  async save(incident: IncidentEntity, changes: Partial<IncidentFields>): Promise<boolean> {
    const differing = Object.fromEntries(
      Object.entries(changes).filter(
        ([field, value]) => !sameValue(incident[field as keyof IncidentEntity], value),
      ),
    );
    if (Object.keys(differing).length === 0) return false;
    Object.assign(incident, differing);
    await this.manager.update(IncidentEntity, incident.id, differing);
    return true;
  }

  /** Gives the incident a new public id; the old one stays among its references (an alias). */
  async rename(incident: IncidentEntity, reference: string): Promise<IncidentEntity> {
    await this.manager.insert(IncidentReferenceEntity, { reference, incidentId: incident.id });
    await this.save(incident, { reference });
    return this.adopt(incident, reference);
  }

  /** How many of the posts are new to this incident (a post seen before is not stored again). */
  async addUpdates(incidentId: string, updates: NewUpdate[]): Promise<number> {
    return (await this.addManyUpdates(updates.map((update) => ({ incidentId, ...update })))).length;
  }

  /**
   * The same for posts of several incidents at once: one statement with one parameter, however many (a
   * first poll brings tens of thousands); posts already stored are skipped before anything is computed.
   * Returns the incident of each post that was new.
   */
  async addManyUpdates(updates: Array<NewUpdate & { incidentId: string }>): Promise<string[]> {
    if (updates.length === 0) return [];
    const inserted: Array<{ incident_id: string }> = await this.manager.query(
      `INSERT INTO incident_updates (incident_id, channel, external_id, posted_at, text, html, kind, raw_signal_id,
         next_update_by)
       SELECT u.incident_id, u.channel::channel, u.external_id, u.posted_at, u.text, u.html, u.kind, u.raw_signal_id,
         u.next_update_by
       FROM jsonb_to_recordset($1::jsonb) AS u(
         incident_id uuid, channel text, external_id text, posted_at timestamptz, text text, html text, kind text,
         raw_signal_id bigint, next_update_by timestamptz)
       WHERE NOT EXISTS (
         SELECT 1 FROM incident_updates e
         WHERE e.incident_id = u.incident_id AND e.channel = u.channel::channel AND e.external_id = u.external_id)
       ON CONFLICT (incident_id, channel, external_id) DO NOTHING
       RETURNING incident_id`,
      [
        JSON.stringify(
          updates.map((u) => ({
            incident_id: u.incidentId,
            channel: u.channel,
            external_id: u.externalId,
            posted_at: u.postedAt.toISOString(),
            text: u.text,
            html: u.html,
            kind: u.kind,
            raw_signal_id: u.rawSignalId,
            // Read here rather than by PostgreSQL's regex engine (migration NextUpdateByWritten).
            next_update_by: nextUpdateByOf(u.text)?.toISOString() ?? null,
          })),
        ),
      ],
    );
    return inserted.map((row) => row.incident_id);
  }

  /** When the channel spoke of the incident (written with the step's others, see `flush`). */
  sight(incidentId: string, channel: Channel, at: Date): void {
    this.sightMany([incidentId], channel, at);
  }

  /** When the channel spoke of these incidents (first and last time kept). */
  sightMany(incidentIds: string[], channel: Channel, at: Date): void {
    for (const incidentId of incidentIds) widen(this.sightings, incidentId, channel, at);
  }

  /** The tenant's Graph lists these incidents (a new listing counts as a change, see `flush`). */
  linkTenant(incidentIds: string[], tenantId: string, at: Date): void {
    for (const incidentId of incidentIds) widen(this.tenantLinks, incidentId, tenantId, at);
  }

  /**
   * Writes the sightings and tenant links gathered since the last flush, two statements for the lot: a
   * first import lists each issue once per tenant's poll, and only the first and last time are kept, so
   * the order they are written in changes nothing. Returns the incidents listed by a tenant that did not
   * list them before (news for subscribers). Called at the end of a fold.
   */
  async flush(): Promise<string[]> {
    await this.write();
    const listed = [...this.newlyListed];
    this.newlyListed.clear();
    return listed;
  }

  /** Before a merge moves an incident's rows, and at a flush. */
  private async write(): Promise<void> {
    const sightings = [...this.sightings.values()];
    const links = [...this.tenantLinks.values()];
    this.sightings.clear();
    this.tenantLinks.clear();
    if (sightings.length > 0) {
      await this.manager.query(
        `INSERT INTO incident_sightings AS s (incident_id, channel, first_seen_at, last_seen_at)
         SELECT * FROM unnest($1::uuid[], $2::channel[], $3::timestamptz[], $4::timestamptz[])
         ON CONFLICT (incident_id, channel) DO UPDATE SET
           first_seen_at = LEAST(s.first_seen_at, EXCLUDED.first_seen_at),
           last_seen_at = GREATEST(s.last_seen_at, EXCLUDED.last_seen_at)
         WHERE EXCLUDED.first_seen_at < s.first_seen_at OR EXCLUDED.last_seen_at > s.last_seen_at`,
        columnsOf(sightings),
      );
    }
    if (links.length === 0) return;
    // Only new links come back (and spans that widen are rewritten): a tenant's copy of a listing it had
    // already given costs an index probe, no new row version.
    const rows: Array<{ incident_id: string; new: boolean }> = await this.manager.query(
      `INSERT INTO incident_tenants AS t (incident_id, tenant_id, first_seen_at, last_seen_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[])
       ON CONFLICT (incident_id, tenant_id) DO UPDATE SET
         first_seen_at = LEAST(t.first_seen_at, EXCLUDED.first_seen_at),
         last_seen_at = GREATEST(t.last_seen_at, EXCLUDED.last_seen_at)
       WHERE EXCLUDED.first_seen_at < t.first_seen_at OR EXCLUDED.last_seen_at > t.last_seen_at
       RETURNING incident_id, xmax = 0 AS new`,
      columnsOf(links),
    );
    for (const row of rows) if (row.new) this.newlyListed.add(row.incident_id);
  }

  /** The open incidents of a service (for a post without an id: see `incidentForPostWithoutId`). */
  async findOpenForService(serviceId: string): Promise<IncidentEntity[]> {
    const rows = await this.manager
      .createQueryBuilder(IncidentEntity, 'incident')
      .where('incident.is_resolved = false')
      .andWhere('incident.service_id = :serviceId', { serviceId })
      .getMany();
    return rows.map((incident) => this.adopt(incident));
  }

  /** Provisional incidents under an id of Beacon's own, of these services, that started in a window. */
  async findProvisionalWithoutMicrosoftId(
    serviceIds: string[],
    from: Date,
    to: Date,
  ): Promise<IncidentEntity[]> {
    const rows = await this.manager
      .createQueryBuilder(IncidentEntity, 'incident')
      .where('incident.provisional = true')
      .andWhere(`incident.reference LIKE 'BCN-%'`)
      .andWhere('incident.service_id = ANY(:serviceIds)', { serviceIds })
      .andWhere('coalesce(incident.started_at, incident.first_seen_at) BETWEEN :from AND :to', { from, to })
      .orderBy('incident.reference', 'ASC')
      .getMany();
    return rows.map((incident) => this.adopt(incident));
  }

  /**
   * Folds `absorbed` into `survivor`: its ids become the survivor's aliases, its updates, sightings and
   * tenant links move over (a post both had stays once), and it is deleted.
   */
  async merge(survivor: IncidentEntity, absorbed: IncidentEntity): Promise<void> {
    await this.write();
    const params = [survivor.id, absorbed.id];
    await this.manager.query(
      `UPDATE incident_references SET incident_id = $1 WHERE incident_id = $2`,
      params,
    );
    await this.manager.query(
      `INSERT INTO incident_updates (incident_id, channel, external_id, posted_at, text, html, kind, raw_signal_id,
         next_update_by)
       SELECT $1, channel, external_id, posted_at, text, html, kind, raw_signal_id, next_update_by
       FROM incident_updates WHERE incident_id = $2
       ON CONFLICT (incident_id, channel, external_id) DO NOTHING`,
      params,
    );
    await this.manager.query(
      `INSERT INTO incident_sightings (incident_id, channel, first_seen_at, last_seen_at)
       SELECT $1, channel, first_seen_at, last_seen_at FROM incident_sightings WHERE incident_id = $2
       ON CONFLICT (incident_id, channel) DO UPDATE SET
         first_seen_at = LEAST(incident_sightings.first_seen_at, EXCLUDED.first_seen_at),
         last_seen_at = GREATEST(incident_sightings.last_seen_at, EXCLUDED.last_seen_at)`,
      params,
    );
    await this.manager.query(
      `INSERT INTO incident_tenants (incident_id, tenant_id, first_seen_at, last_seen_at)
       SELECT $1, tenant_id, first_seen_at, last_seen_at FROM incident_tenants WHERE incident_id = $2
       ON CONFLICT (incident_id, tenant_id) DO UPDATE SET
         first_seen_at = LEAST(incident_tenants.first_seen_at, EXCLUDED.first_seen_at),
         last_seen_at = GREATEST(incident_tenants.last_seen_at, EXCLUDED.last_seen_at)`,
      params,
    );
    await this.manager.delete(IncidentEntity, absorbed.id);
    this.byId.delete(absorbed.id);
    for (const [reference, id] of this.idOf) if (id === absorbed.id) this.idOf.set(reference, survivor.id);
    await this.save(survivor, {
      firstSeenAt: earliest(survivor.firstSeenAt, absorbed.firstSeenAt),
      lastUpdatedAt: latest(survivor.lastUpdatedAt, absorbed.lastUpdatedAt),
    });
  }
}

/** First and last time an incident was seen by a channel, or listed by a tenant. */
interface Span {
  incident_id: string;
  by: string;
  first_at: Date;
  last_at: Date;
}

function widen(spans: Map<string, Span>, incidentId: string, by: string, at: Date): void {
  const key = `${incidentId} ${by}`;
  const span = spans.get(key);
  if (!span) spans.set(key, { incident_id: incidentId, by, first_at: at, last_at: at });
  else {
    span.first_at = earliest(span.first_at, at);
    span.last_at = latest(span.last_at, at);
  }
}

/** Spans as four parallel arrays, for `unnest` (one parameter per column, however many rows). */
function columnsOf(spans: Span[]): [string[], string[], string[], string[]] {
  return [
    spans.map((span) => span.incident_id),
    spans.map((span) => span.by),
    spans.map((span) => span.first_at.toISOString()),
    spans.map((span) => span.last_at.toISOString()),
  ];
}

function sameValue(a: unknown, b: unknown): boolean {
  return a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
}

export function earliest(a: Date, b: Date | null | undefined): Date {
  return b && b < a ? b : a;
}

export function latest(a: Date, b: Date | null | undefined): Date {
  return b && b > a ? b : a;
}

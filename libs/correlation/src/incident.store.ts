import type { Channel } from '#domain';
import {
  type IncidentEntity,
  type IncidentFields,
  IncidentRecordsRepository,
  IncidentSightingsRepository,
  IncidentUpdatesRepository,
  type NewIncidentUpdate,
  type SeenSpan,
} from '#persistence';
import type { EntityManager } from 'typeorm';

export type { IncidentFields } from '#persistence';

/** A post about an incident, as a channel gave it. */
export type NewUpdate = Omit<NewIncidentUpdate, 'incidentId'>;

const incidentRecords = new IncidentRecordsRepository();
const incidentUpdates = new IncidentUpdatesRepository();
const incidentSightings = new IncidentSightingsRepository();

/**
 * Incident rows inside one transaction: lookups by any id, idempotent writes, merges. Only the correlator
 * writes them, one step at a time (its turn, `CorrelationCursorRepository`), and the primary key of
 * `incident_references` makes a second incident for one id impossible even so.
 */
export class IncidentStore {
  /** Sightings and tenant links not yet written, by incident and channel or tenant. */
  private readonly sightings = new Map<string, SeenSpan>();
  private readonly tenantLinks = new Map<string, SeenSpan>();
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
    // Two ids of one incident are two rows, and one object (the first adopted).
    for (const { reference, incident } of await incidentRecords.byReferences(this.manager, unread)) {
      found.set(reference, this.adopt(incident, reference));
    }
    return found;
  }

  async create(fields: IncidentFields): Promise<IncidentEntity> {
    return (await this.createMany([fields]))[0]!;
  }

  /** New incidents, each under its reference. */
  async createMany(fieldsList: IncidentFields[]): Promise<IncidentEntity[]> {
    const created = await incidentRecords.insert(this.manager, fieldsList);
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
    await incidentRecords.update(this.manager, incident.id, differing);
    return true;
  }

  /** Gives the incident a new public id; the old one stays among its references (an alias). */
  async rename(incident: IncidentEntity, reference: string): Promise<IncidentEntity> {
    await incidentRecords.addReference(this.manager, incident.id, reference);
    await this.save(incident, { reference });
    return this.adopt(incident, reference);
  }

  /** How many of the posts are new to this incident (a post seen before is not stored again). */
  async addUpdates(incidentId: string, updates: NewUpdate[]): Promise<number> {
    return (await this.addManyUpdates(updates.map((update) => ({ incidentId, ...update })))).length;
  }

  /** The same for posts of several incidents at once; the incident of each post that was new. */
  async addManyUpdates(updates: NewIncidentUpdate[]): Promise<string[]> {
    return incidentUpdates.addMany(this.manager, updates);
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
    await incidentSightings.widenSightings(this.manager, sightings);
    for (const id of await incidentSightings.widenTenantLinks(this.manager, links)) this.newlyListed.add(id);
  }

  /** The open incidents of a service (for a post without an id: see `incidentForPostWithoutId`). */
  async findOpenForService(serviceId: string): Promise<IncidentEntity[]> {
    const rows = await incidentRecords.openOfService(this.manager, serviceId);
    return rows.map((incident) => this.adopt(incident));
  }

  /** Provisional incidents under an id of Beacon's own, of these services, that started in a window. */
  async findProvisionalWithoutMicrosoftId(
    serviceIds: string[],
    from: Date,
    to: Date,
  ): Promise<IncidentEntity[]> {
    const rows = await incidentRecords.provisionalWithoutMicrosoftId(this.manager, serviceIds, from, to);
    return rows.map((incident) => this.adopt(incident));
  }

  /**
   * Folds `absorbed` into `survivor`: its ids become the survivor's aliases, its updates, sightings and
   * tenant links move over (a post both had stays once), and it is deleted.
   */
  async merge(survivor: IncidentEntity, absorbed: IncidentEntity): Promise<void> {
    await this.write();
    await incidentRecords.moveReferences(this.manager, survivor.id, absorbed.id);
    await incidentUpdates.copy(this.manager, survivor.id, absorbed.id);
    await incidentSightings.copy(this.manager, survivor.id, absorbed.id);
    await incidentRecords.delete(this.manager, absorbed.id);
    this.byId.delete(absorbed.id);
    for (const [reference, id] of this.idOf) if (id === absorbed.id) this.idOf.set(reference, survivor.id);
    await this.save(survivor, {
      firstSeenAt: earliest(survivor.firstSeenAt, absorbed.firstSeenAt),
      lastUpdatedAt: latest(survivor.lastUpdatedAt, absorbed.lastUpdatedAt),
    });
  }
}

function widen(spans: Map<string, SeenSpan>, incidentId: string, by: string, at: Date): void {
  const key = `${incidentId} ${by}`;
  const span = spans.get(key);
  if (!span) spans.set(key, { incidentId, by, firstAt: at, lastAt: at });
  else {
    span.firstAt = earliest(span.firstAt, at);
    span.lastAt = latest(span.lastAt, at);
  }
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

import { KNOWN_SERVICES, type M365Service } from '#domain';
import { ServiceEntity } from '#persistence';
import type { EntityManager } from 'typeorm';

const KNOWN_BY_NAME = new Map<string, M365Service>(
  Object.values(KNOWN_SERVICES).map((service) => [service.name.toLowerCase(), service]),
);

/** The `services` table: Graph's list as data, plus the services the fallback channels name. */
export class ServiceCatalog {
  /** Within one transaction a name keeps its service: an answer lists many issues of few services. */
  private readonly byNameCache = new Map<string, M365Service | null>();
  /** Services this catalog has written (services are never deleted). */
  private readonly recorded = new Set<string>();

  constructor(private readonly manager: EntityManager) {}

  /** Records a service (Graph's display name wins over a known default). */
  async record(service: M365Service, authoritative: boolean): Promise<void> {
    await this.recordMany([service], authoritative);
  }

  /** Records services, distinct by id, in one statement. */
  async recordMany(services: M365Service[], authoritative: boolean): Promise<void> {
    // A service recorded once is there: recording it again without authority would change nothing.
    const toRecord = authoritative ? services : services.filter(({ id }) => !this.recorded.has(id));
    if (toRecord.length === 0) return;
    const insert = this.manager.createQueryBuilder().insert().into(ServiceEntity).values(toRecord);
    await (authoritative ? insert.orUpdate(['name'], ['id']) : insert.orIgnore()).execute();
    for (const { id } of toRecord) this.recorded.add(id);
  }

  /** The service of a Graph display name (`Exchange Online`), if Graph or Beacon knows one. */
  async byName(name: string | null | undefined): Promise<M365Service | null> {
    if (!name) return null;
    const key = name.toLowerCase();
    if (!this.byNameCache.has(key)) this.byNameCache.set(key, await this.lookUp(name));
    return this.byNameCache.get(key) ?? null;
  }

  private async lookUp(name: string): Promise<M365Service | null> {
    const stored = await this.manager
      .createQueryBuilder(ServiceEntity, 'service')
      .where('lower(service.name) = lower(:name)', { name })
      .orderBy('service.id')
      .getOne();
    if (stored) return { id: stored.id, name: stored.name };
    const known = KNOWN_BY_NAME.get(name.toLowerCase()) ?? null;
    if (known) await this.record(known, false);
    return known;
  }
}

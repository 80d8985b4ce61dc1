import { KNOWN_SERVICES, type M365Service } from '#domain';
import { ServiceCatalogRepository } from '#persistence';
import type { EntityManager } from 'typeorm';

const serviceCatalog = new ServiceCatalogRepository();

const KNOWN_BY_NAME = new Map<string, M365Service>(
  Object.values(KNOWN_SERVICES).map((service) => [service.name.toLowerCase(), service]),
);

/**
 * The `services` table, for one step: Graph's list as data, plus the services the fallback channels name.
 * What it reads is kept until it writes: a thousand tenants' polls in a step list the same services, and
 * recording a service again under the name this catalog gave it changes nothing, so their copies cost no
 * statement.
 */
export class ServiceCatalog {
  /** Names looked up since this catalog last wrote (an answer lists many issues of few services). */
  private readonly byNameCache = new Map<string, M365Service | null>();
  /** Services this catalog has written (services are never deleted), with the name it gave with authority. */
  private readonly recorded = new Map<string, string | null>();

  constructor(private readonly manager: EntityManager) {}

  /** Records a service (Graph's display name wins over a known default). */
  async record(service: M365Service, authoritative: boolean): Promise<void> {
    await this.recordMany([service], authoritative);
  }

  /** Records services, distinct by id, in one statement. */
  async recordMany(services: M365Service[], authoritative: boolean): Promise<void> {
    // Recording again what this catalog wrote would change nothing: without authority, any service it
    // wrote; with it, a service it wrote under the same name.
    const toRecord = services.filter(({ id, name }) =>
      authoritative ? this.recorded.get(id) !== name : !this.recorded.has(id),
    );
    if (toRecord.length === 0) return;
    await serviceCatalog.insert(this.manager, toRecord, authoritative);
    for (const { id, name } of toRecord) {
      if (authoritative) this.recorded.set(id, name);
      else if (!this.recorded.has(id)) this.recorded.set(id, null);
    }
    this.byNameCache.clear();
  }

  /** The service of a Graph display name (`Exchange Online`), if Graph or Beacon knows one. */
  async byName(name: string | null | undefined): Promise<M365Service | null> {
    if (!name) return null;
    const key = name.toLowerCase();
    if (!this.byNameCache.has(key)) this.byNameCache.set(key, await this.lookUp(name));
    return this.byNameCache.get(key) ?? null;
  }

  private async lookUp(name: string): Promise<M365Service | null> {
    const stored = await serviceCatalog.byName(this.manager, name);
    if (stored) return stored;
    const known = KNOWN_BY_NAME.get(name.toLowerCase()) ?? null;
    if (known) await this.record(known, false);
    return known;
  }
}

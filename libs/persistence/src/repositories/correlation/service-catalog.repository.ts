import type { M365Service } from '#domain';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** `services`: Graph's list as data, plus the services the fallback channels name. Never deleted. */
@Injectable()
export class ServiceCatalogRepository {
  /**
   * Inserts services (distinct by id) in one statement; `rename`: a known one takes the given name (Graph's
   * display name wins), else it keeps its own.
   */
  async insert(manager: EntityManager, services: M365Service[], rename: boolean): Promise<void> {
    if (services.length === 0) return;
    await manager.query(
      `INSERT INTO services (id, name) SELECT * FROM unnest($1::text[], $2::text[])
       ON CONFLICT (id) ${rename ? 'DO UPDATE SET name = EXCLUDED.name' : 'DO NOTHING'}`,
      [services.map((service) => service.id), services.map((service) => service.name)],
    );
  }

  /** The service of a display name, whatever its case (the lowest id if two share it). */
  async byName(manager: EntityManager, name: string): Promise<M365Service | null> {
    const [row]: M365Service[] = await manager.query(
      'SELECT id, name FROM services WHERE lower(name) = lower($1) ORDER BY id LIMIT 1',
      [name],
    );
    return row ?? null;
  }
}

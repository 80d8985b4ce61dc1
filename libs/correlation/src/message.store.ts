import { MessageCenterRepository, type MessageListing, type MessageRow } from '#persistence';
import type { EntityManager } from 'typeorm';

export type { MessageRow } from '#persistence';

const messageCenter = new MessageCenterRepository();

/**
 * Message-center posts and the tenants that list them, gathered over a step and written at its end in two
 * statements: a first import of a thousand tenants lists each post once per tenant's poll, and only the
 * newest version of a post and the set of its tenants are kept, so the order of the polls in a step
 * changes nothing. Nothing in the fold reads messages back.
 */
export class MessageStore {
  private readonly newest = new Map<string, MessageRow>();
  private readonly listings = new Map<string, Set<string>>();

  constructor(private readonly manager: EntityManager) {}

  /** A version of a post (the later in log order wins a tie, as one write after another would). */
  add(row: MessageRow, tenantId: string | null): void {
    const known = this.newest.get(row.id);
    if (!known || known.last_modified_at <= row.last_modified_at) this.newest.set(row.id, row);
    if (tenantId === null) return;
    const tenants = this.listings.get(row.id) ?? new Set<string>();
    tenants.add(tenantId);
    this.listings.set(row.id, tenants);
  }

  /** Writes what was gathered since the last flush. */
  async flush(): Promise<void> {
    const rows = [...this.newest.values()];
    const listings: MessageListing[] = [...this.listings].flatMap(([messageId, tenants]) =>
      [...tenants].map((tenantId) => ({ messageId, tenantId })),
    );
    this.newest.clear();
    this.listings.clear();
    await messageCenter.upsert(this.manager, rows);
    await messageCenter.addListings(this.manager, listings);
  }
}

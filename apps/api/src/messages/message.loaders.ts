import DataLoader from 'dataloader';
import { groupedByKey } from '../graphql/loader.util.js';
import type { MessagesRepository } from '#persistence';

export interface MessageLoaders {
  /** Keyed by message id. */
  tenantIds: DataLoader<string, string[]>;
}

export function createMessageLoaders(repository: MessagesRepository): MessageLoaders {
  return {
    tenantIds: new DataLoader(async (ids) =>
      groupedByKey(ids, await repository.tenantsOf(ids), (row) => row.messageId).map((rows) =>
        rows.map((row) => row.tenantId),
      ),
    ),
  };
}

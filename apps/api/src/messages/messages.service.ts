import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal.js';
import { decodeCursor, encodeCursor, pageSize } from '../graphql/keyset-cursor.util.js';
import { listArgument, searchText } from '../graphql/filter-arguments.util.js';
import { TenantScopeService } from '../tenants/tenant-scope.service.js';
import type { MessageConnectionModel } from './message-connection.model.js';
import type { MessageFilterInput } from './message-filter.input.js';
import { toMessageModel } from './message.mapper.js';
import { type MessageCriteria, MessagesRepository } from '#persistence';

const CURSOR_LIST = 'messages';

@Injectable()
export class MessagesService {
  constructor(
    private readonly repository: MessagesRepository,
    private readonly tenants: TenantScopeService,
  ) {}

  async list(
    filter: MessageFilterInput | null | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
    principal: Principal,
  ): Promise<MessageConnectionModel> {
    const criteria = this.criteria(filter ?? {}, principal);
    const size = pageSize(first);
    const rows = await this.repository.page(criteria, decodeCursor(CURSOR_LIST, after), size + 1);
    const edges = rows.slice(0, size).map((row) => ({
      cursor: encodeCursor(CURSOR_LIST, { time: row.cursorTime, id: row.id }),
      node: toMessageModel(row),
    }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null },
      countTotal: () => this.repository.count(criteria),
    };
  }

  private criteria(filter: MessageFilterInput, principal: Principal): MessageCriteria {
    return {
      scope: this.tenants.resolve(filter.tenantId, principal),
      services: listArgument(filter.services, 'filter.services'),
      category: filter.category?.trim() || undefined,
      majorChangeOnly: filter.majorChangeOnly ?? undefined,
      search: searchText(filter.search),
    };
  }
}

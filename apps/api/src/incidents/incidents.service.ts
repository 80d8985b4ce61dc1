import { Injectable } from '@nestjs/common';
import { incidentVisible } from '#domain';
import type { Principal } from '../auth/principal.js';
import { badUserInput } from '../errors/api.error.js';
import { decodeCursor, encodeCursor, pageSize } from '../graphql/keyset-cursor.util.js';
import { listArgument, searchText } from '../graphql/filter-arguments.util.js';
import { TenantScopeService } from '../tenants/tenant-scope.service.js';
import type { IncidentConnectionModel } from './incident-connection.model.js';
import type { IncidentFilterInput } from './incident-filter.input.js';
import { toIncidentModel } from './incident.mapper.js';
import type { IncidentModel } from './incident.model.js';
import { type IncidentCriteria, IncidentsRepository } from '#persistence';

const CURSOR_LIST = 'incidents';

@Injectable()
export class IncidentsService {
  constructor(
    private readonly repository: IncidentsRepository,
    private readonly tenants: TenantScopeService,
  ) {}

  /**
   * A page of incidents, newest first, after the given cursor; with `withTotal`, the page and its total are
   * read by one statement, so that they agree (one snapshot) whatever commits meanwhile.
   */
  async list(
    filter: IncidentFilterInput | null | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
    principal: Principal,
    withTotal = false,
  ): Promise<IncidentConnectionModel> {
    const criteria = this.criteria(filter ?? {}, principal);
    const size = pageSize(first);
    const position = decodeCursor(CURSOR_LIST, after);
    const { rows, total } = withTotal
      ? await this.repository.pageAndTotal(criteria, position, size + 1)
      : { rows: await this.repository.page(criteria, position, size + 1), total: undefined };
    const edges = rows.slice(0, size).map((row) => ({
      cursor: encodeCursor(CURSOR_LIST, { time: row.cursorTime, id: row.reference }),
      node: toIncidentModel(row, criteria.scope),
    }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null },
      countTotal: () => (total === undefined ? this.repository.count(criteria) : Promise.resolve(total)),
    };
  }

  /**
   * By id or alias; null when no incident has ever had that id, or none the key may see (one in the view
   * of a tenant it reads). `tenantId` chooses whose service status `Incident.service` shows.
   */
  async find(
    id: string,
    tenantId: string | null | undefined,
    principal: Principal,
  ): Promise<IncidentModel | null> {
    const scope = this.tenants.resolve(tenantId, principal);
    const record = await this.repository.findByReference(id);
    if (!record) return null;
    return incidentVisible(principal.tenantIds, record) ? toIncidentModel(record, scope) : null;
  }

  /** The filter validated, with the caller's tenant view; statistics and exports read the same criteria. */
  criteria(filter: IncidentFilterInput, principal: Principal): IncidentCriteria {
    const { from, to } = filter;
    if (from && to && from > to) throw badUserInput('filter.from must not be after filter.to', 'filter');
    return {
      scope: this.tenants.resolve(filter.tenantId, principal),
      serviceIds: listArgument(filter.serviceIds, 'filter.serviceIds'),
      active: filter.active ?? undefined,
      classification: filter.classification ?? undefined,
      channel: filter.channel ?? undefined,
      from: from ?? undefined,
      to: to ?? undefined,
      search: searchText(filter.search),
    };
  }
}

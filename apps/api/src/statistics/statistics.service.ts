import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal.js';
import type { IncidentFilterInput } from '../incidents/incident-filter.input.js';
import { IncidentsService } from '../incidents/incidents.service.js';
import { toStatisticsGroupModel } from './statistics.mapper.js';
import type { IncidentStatisticsModel, StatisticsGrouping } from './statistics.model.js';
import { StatisticsRepository } from '#persistence';

@Injectable()
export class StatisticsService {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly repository: StatisticsRepository,
  ) {}

  /** Over the incidents `incidents(filter)` would list: the same validation, the same tenant view. */
  async statistics(
    filter: IncidentFilterInput | null | undefined,
    groupBy: StatisticsGrouping,
    principal: Principal,
  ): Promise<IncidentStatisticsModel> {
    const rows = await this.repository.statistics(this.incidents.criteria(filter ?? {}, principal), groupBy);
    const [total, ...groups] = rows.map(toStatisticsGroupModel);
    return { groupBy, total: total!, groups };
  }
}

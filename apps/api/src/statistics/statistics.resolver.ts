import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { IncidentFilterInput } from '../incidents/incident-filter.input.js';
import { AnalystAccess, type AskingContext } from './analyst-access.js';
import {
  IncidentStatisticsModel,
  type StatisticsGrouping,
  StatisticsGroupingEnum,
} from './statistics.model.js';
import { StatisticsService } from './statistics.service.js';

@Resolver(() => IncidentStatisticsModel)
export class StatisticsResolver {
  constructor(
    private readonly statisticsService: StatisticsService,
    private readonly access: AnalystAccess,
  ) {}

  @Query(() => IncidentStatisticsModel, {
    description: 'Figures over the incidents `incidents(filter)` lists, grouped, with their total.',
  })
  incidentStatistics(
    @Args('filter', { type: () => IncidentFilterInput, nullable: true }) filter: IncidentFilterInput | null,
    @Args('groupBy', { type: () => StatisticsGroupingEnum }) groupBy: StatisticsGrouping,
    @Context() context: AskingContext,
  ): Promise<IncidentStatisticsModel> {
    const principal = this.access.assertContextCanAnalyse(context);
    return this.statisticsService.statistics(filter, groupBy, principal);
  }
}

import { ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { IncidentModel } from '../incidents/incident.model.js';
import { AnalystAccess, type AskingContext } from './analyst-access.js';
import { IncidentAnalysisModel } from './incident-analysis.model.js';
import { IncidentAnalysisRepository } from '#persistence';

/**
 * `Incident.analysis`: one statement for every incident of a request (a loader per request context, kept
 * beside the context rather than in it, so that the request's other loaders need not know of it).
 */
@Resolver(() => IncidentModel)
export class IncidentAnalysisResolver {
  private readonly loaders = new WeakMap<object, DataLoader<string, IncidentAnalysisModel>>();

  constructor(
    private readonly repository: IncidentAnalysisRepository,
    private readonly access: AnalystAccess,
  ) {}

  @ResolveField(() => IncidentAnalysisModel, {
    description: 'Time to resolve, first word by channel, Graph\'s lag, "Next update by" promises, review.',
  })
  analysis(incident: IncidentModel, _args: unknown, context: AskingContext): Promise<IncidentAnalysisModel> {
    this.access.assertContextCanAnalyse(context);
    return this.loaderOf(context).load(incident.key);
  }

  private loaderOf(context: AskingContext): DataLoader<string, IncidentAnalysisModel> {
    let loader = this.loaders.get(context);
    if (!loader) {
      loader = new DataLoader(async (keys) => {
        const found = await this.repository.analysesOf(keys);
        return keys.map((key) => found.get(key) ?? new Error(`incident ${key} is gone`));
      });
      this.loaders.set(context, loader);
    }
    return loader;
  }
}

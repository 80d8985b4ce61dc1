import { ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { IncidentModel } from '../incidents/incident.model.js';
import { IncidentReportsRepository, type IncidentReportRecord } from '#persistence';
import { PostIncidentReviewModel } from './post-incident-review.model.js';

/** The download of an incident's review, as the controller serves it. */
export function reportUrl(incidentId: string): string {
  return `/incidents/${encodeURIComponent(incidentId)}/report`;
}

/**
 * `Incident.postIncidentReview`: one statement for every incident of a request (a loader per request
 * context, kept beside it as `Incident.analysis` does). Whoever sees the incident sees its review.
 */
@Resolver(() => IncidentModel)
export class PostIncidentReviewResolver {
  private readonly loaders = new WeakMap<object, DataLoader<string, IncidentReportRecord | null>>();

  constructor(private readonly repository: IncidentReportsRepository) {}

  @ResolveField(() => PostIncidentReviewModel, {
    nullable: true,
    description: "Microsoft's post-incident review, once Graph has said it is published; else null.",
  })
  async postIncidentReview(
    incident: IncidentModel,
    _args: unknown,
    context: object,
  ): Promise<PostIncidentReviewModel | null> {
    const report = await this.loaderOf(context).load(incident.key);
    if (!report) return null;
    const fetched = report.fetchedAt !== null;
    return {
      ...report,
      url: fetched ? reportUrl(incident.id) : null,
      parsed: fetched && report.parseError === null,
    };
  }

  private loaderOf(context: object): DataLoader<string, IncidentReportRecord | null> {
    let loader = this.loaders.get(context);
    if (!loader) {
      loader = new DataLoader(async (keys) => {
        const found = await this.repository.ofIncidents(keys);
        return keys.map((key) => found.get(key) ?? null);
      });
      this.loaders.set(context, loader);
    }
    return loader;
  }
}

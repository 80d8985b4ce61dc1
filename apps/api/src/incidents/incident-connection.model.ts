import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PageInfoModel } from '../graphql/page-info.model.js';
import { IncidentModel } from './incident.model.js';

@ObjectType('IncidentEdge')
export class IncidentEdgeModel {
  @Field()
  cursor: string;

  @Field(() => IncidentModel)
  node: IncidentModel;
}

/** A page of incidents; `totalCount` is counted only when asked for (IncidentConnectionResolver). */
@ObjectType('IncidentConnection')
export class IncidentConnectionModel {
  @Field(() => [IncidentEdgeModel])
  edges: IncidentEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo: PageInfoModel;

  @Field(() => Int)
  /** Resolved on demand from `countTotal`. */
  totalCount?: number;

  /** Counts every incident that matches the filter, whatever the page. */
  countTotal: () => Promise<number>;
}

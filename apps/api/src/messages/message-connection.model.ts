import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PageInfoModel } from '../graphql/page-info.model.js';
import { MessageModel } from './message.model.js';

@ObjectType('MessageEdge')
export class MessageEdgeModel {
  @Field()
  cursor: string;

  @Field(() => MessageModel)
  node: MessageModel;
}

/** A page of messages; `totalCount` is counted only when asked for (MessageConnectionResolver). */
@ObjectType('MessageConnection')
export class MessageConnectionModel {
  @Field(() => [MessageEdgeModel])
  edges: MessageEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo: PageInfoModel;

  @Field(() => Int)
  /** Resolved on demand from `countTotal`. */
  totalCount?: number;

  countTotal: () => Promise<number>;
}

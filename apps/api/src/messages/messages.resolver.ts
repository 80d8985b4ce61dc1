import { Args, Context, ID, Int, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { type Principal, readableTenants } from '../auth/principal.js';
import type { GraphqlContext } from '../graphql/graphql.context.js';
import { pageCost } from '../graphql/query-cost.util.js';
import { MessageConnectionModel } from './message-connection.model.js';
import { MessageFilterInput } from './message-filter.input.js';
import { MessageModel } from './message.model.js';
import { MessagesService } from './messages.service.js';

@Resolver(() => MessageModel)
export class MessagesResolver {
  constructor(private readonly messagesService: MessagesService) {}

  @Query(() => MessageConnectionModel, { complexity: pageCost })
  messages(
    @Args('filter', { type: () => MessageFilterInput, nullable: true }) filter: MessageFilterInput | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Context('principal') principal: Principal,
  ): Promise<MessageConnectionModel> {
    return this.messagesService.list(filter, first, after, principal);
  }

  @ResolveField(() => [ID], { description: 'Tenants whose message center lists it.' })
  async tenantIds(
    message: MessageModel,
    _args: unknown,
    { loaders, principal }: GraphqlContext,
  ): Promise<string[]> {
    return readableTenants(principal, await loaders.messages.tenantIds.load(message.id));
  }
}

@Resolver(() => MessageConnectionModel)
export class MessageConnectionResolver {
  @ResolveField(() => Int)
  totalCount(connection: MessageConnectionModel): Promise<number> {
    return connection.countTotal();
  }
}

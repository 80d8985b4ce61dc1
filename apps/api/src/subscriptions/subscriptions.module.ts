import { Module } from '@nestjs/common';
import { GraphqlSupportModule } from '../graphql/graphql-support.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { ChangeListener } from './change.listener.js';
import { LiveChangesService } from './live-changes.service.js';
import { SubscriptionsResolver } from './subscriptions.resolver.js';

@Module({
  imports: [TenantsModule, GraphqlSupportModule],
  providers: [ChangeListener, LiveChangesService, SubscriptionsResolver],
})
export class SubscriptionsModule {}

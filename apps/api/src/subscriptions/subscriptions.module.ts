import { Module } from '@nestjs/common';
import { GraphqlSupportModule } from '../graphql/graphql-support.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { LiveChangesService } from './live-changes.service.js';
import { SubscriptionsResolver } from './subscriptions.resolver.js';

@Module({
  imports: [TenantsModule, GraphqlSupportModule],
  // The ChangeListener comes with GraphqlSupportModule (ReadCacheModule): one LISTEN per process.
  providers: [LiveChangesService, SubscriptionsResolver],
})
export class SubscriptionsModule {}

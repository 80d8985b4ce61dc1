import { Module } from '@nestjs/common';
import { ErrorsModule } from '../errors/errors.module.js';
import { GraphqlSupportModule } from '../graphql/graphql-support.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { LiveChangesService } from './live-changes.service.js';
import { SharedDocuments } from './shared-documents.js';
import { SubscriberSockets } from './subscriber-sockets.js';
import { SubscriptionsResolver } from './subscriptions.resolver.js';

@Module({
  imports: [TenantsModule, GraphqlSupportModule, ErrorsModule],
  // The ChangeListener comes with GraphqlSupportModule (ReadCacheModule): one LISTEN per process.
  providers: [LiveChangesService, SubscriberSockets, SharedDocuments, SubscriptionsResolver],
})
export class SubscriptionsModule {}

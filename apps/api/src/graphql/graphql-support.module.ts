import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ReadCacheModule } from '../cache/read-cache.module.js';
import { ErrorsModule } from '../errors/errors.module.js';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { MessagesModule } from '../messages/messages.module.js';
import { ServicesModule } from '../services/services.module.js';
import { DateTimeScalar } from './date-time.scalar.js';
import { GraphqlOptionsFactory } from './graphql-options.factory.js';
import { RequestLoadersFactory } from './request-loaders.factory.js';

/**
 * What the GraphQL server is configured with: loaders, keys, the error formatter, the DateTime scalar, the
 * read cache (with the change listener, which the subscriptions share).
 */
@Module({
  imports: [AuthModule, ErrorsModule, IncidentsModule, ServicesModule, MessagesModule, ReadCacheModule],
  providers: [DateTimeScalar, RequestLoadersFactory, GraphqlOptionsFactory],
  exports: [RequestLoadersFactory, GraphqlOptionsFactory, IncidentsModule, ServicesModule, ReadCacheModule],
})
export class GraphqlSupportModule {}

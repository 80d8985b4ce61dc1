import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { GraphqlOptionsFactory } from './graphql-options.factory.js';
import { GraphqlSupportModule } from './graphql-support.module.js';

/** The GraphQL server at /graphql (HTTP and WebSocket), configured by GraphqlOptionsFactory. */
@Module({
  imports: [
    GraphQLModule.forRootAsync<MercuriusDriverConfig>({
      driver: MercuriusDriver,
      imports: [GraphqlSupportModule],
      useExisting: GraphqlOptionsFactory,
    }),
  ],
})
export class GraphqlApiModule {}

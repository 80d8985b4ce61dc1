import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { MessageConnectionResolver, MessagesResolver } from './messages.resolver.js';
import { MessagesRepository } from '#persistence';
import { MessagesService } from './messages.service.js';

@Module({
  imports: [DatabaseModule, TenantsModule],
  providers: [MessagesRepository, MessagesService, MessagesResolver, MessageConnectionResolver],
  exports: [MessagesRepository],
})
export class MessagesModule {}

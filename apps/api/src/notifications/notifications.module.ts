import { NotificationLogRepository, NotificationTargetsRepository } from '#persistence';
import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { TenantsModule } from '../tenants/tenant-scope.module.js';
import { NotificationLogService } from './notification-log.service.js';
import { NotificationsAdminService } from './notifications-admin.service.js';
import { NotificationsResolver } from './notifications.resolver.js';

/** Admin management of notifications: targets, rules, "send a test", the delivery log and dead letters. */
@Module({
  imports: [AuthModule, TenantsModule],
  providers: [
    NotificationsResolver,
    NotificationsAdminService,
    NotificationTargetsRepository,
    NotificationLogRepository,
    NotificationLogService,
  ],
})
export class NotificationsModule {}

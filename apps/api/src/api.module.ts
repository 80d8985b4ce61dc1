import { Module } from '@nestjs/common';
import { KeyManagementModule } from './auth/auth.module.js';
import { MetricsAccessModule } from './auth/metrics-access.module.js';
import { ExportsModule } from './exports/exports.module.js';
import { GraphqlApiModule } from './graphql/graphql-api.module.js';
import { IncidentReportsModule } from './incident-reports/incident-reports.module.js';
import { IncidentsModule } from './incidents/incidents.module.js';
import { MessagesModule } from './messages/messages.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { OverviewModule } from './overview/overview.module.js';
import { ServicesModule } from './services/services.module.js';
import { SourcesModule } from './sources/sources.module.js';
import { StatisticsModule } from './statistics/statistics.module.js';
import { SecurityHeadersModule } from './status-page/security-headers.module.js';
import { StatusPageModule } from './status-page/status-page.module.js';
import { WireModule } from './status-page/wire.module.js';
import { SubscriptionsModule } from './subscriptions/subscriptions.module.js';
import { TenantAdminModule } from './tenants/tenants.module.js';

/** What frontends, admins and analysts talk to: GraphQL at /graphql (HTTP and WebSocket), the status page at /. */
@Module({
  imports: [
    // First, so that its headers are on every route the others declare.
    SecurityHeadersModule,
    // Before the routes too: ETags and compression on every answer, the page's files included.
    WireModule,
    GraphqlApiModule,
    OverviewModule,
    ServicesModule,
    IncidentsModule,
    IncidentReportsModule,
    MessagesModule,
    SourcesModule,
    StatisticsModule,
    ExportsModule,
    SubscriptionsModule,
    KeyManagementModule,
    TenantAdminModule,
    NotificationsModule,
    MetricsAccessModule,
    StatusPageModule,
  ],
})
export class ApiModule {}

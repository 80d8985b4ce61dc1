import { Module } from '@nestjs/common';

/** What frontends, admins and analysts talk to. GraphQL and the status page are added here. */
@Module({})
export class ApiModule {}

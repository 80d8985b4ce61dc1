import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';

/** Where the pollers of the three channels run, on their schedules. */
@Module({ imports: [ScheduleModule.forRoot()] })
export class IngestorModule {}

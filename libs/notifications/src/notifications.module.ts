import { Module } from '@nestjs/common';
import { NotificationDispatcherJob } from './dispatcher.job.js';

/** The dispatcher, for a process that sends notifications (the ingestor). */
@Module({ providers: [NotificationDispatcherJob] })
export class NotificationDispatchModule {}

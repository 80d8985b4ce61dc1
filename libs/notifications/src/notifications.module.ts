import { Module } from '@nestjs/common';
import { NotificationDispatcherJob } from './dispatcher.job.js';
import { TimeDrivenNotificationsJob } from './time-driven.job.js';

/**
 * The dispatcher, and the job that owes what time alone makes news (degraded mode, sources down), for a
 * process that sends notifications (the ingestor).
 */
@Module({ providers: [NotificationDispatcherJob, TimeDrivenNotificationsJob] })
export class NotificationDispatchModule {}

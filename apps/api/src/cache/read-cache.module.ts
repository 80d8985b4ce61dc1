import { Module } from '@nestjs/common';
import { ChangeListener } from '../subscriptions/change.listener.js';
import { ReadCache } from './read-cache.js';

/**
 * The read cache and the change listener that invalidates it (one LISTEN connection per process, shared
 * with the subscriptions).
 */
@Module({ providers: [ChangeListener, ReadCache], exports: [ChangeListener, ReadCache] })
export class ReadCacheModule {}

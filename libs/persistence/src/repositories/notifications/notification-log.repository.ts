import type {
  NotificationAttemptOutcome,
  NotificationDeliveryState,
  NotificationEvent,
} from '../../entities/index.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { cursorTimeSql, type KeysetPosition } from '../reads/keyset.sql.js';

export interface DeliveryRecord {
  id: string;
  targetId: string;
  targetName: string;
  event: NotificationEvent;
  incidentId: string | null;
  idempotencyKey: string;
  orderingKey: string;
  payload: Record<string, unknown>;
  state: NotificationDeliveryState;
  attemptCount: number;
  createdAt: Date;
  nextAttemptAt: Date;
  sentAt: Date | null;
  lastError: string | null;
  cursorTime: string;
}

export interface AttemptRecord {
  id: string;
  deliveryId: string;
  at: Date;
  outcome: NotificationAttemptOutcome;
  status: number | null;
  error: string | null;
  durationMs: number;
  retryAt: Date | null;
}

export interface DeliveryFilter {
  id?: string;
  targetId?: string;
  state?: NotificationDeliveryState;
}

/** The delivery log: deliveries newest first (by created_at, then id), and every attempt at them. */
@Injectable()
export class NotificationLogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** `size` rows after `after`, plus one to tell whether there is a next page. */
  deliveries(filter: DeliveryFilter, size: number, after: KeysetPosition | null): Promise<DeliveryRecord[]> {
    return this.dataSource.query(
      `SELECT d.id::text AS id, d.target_id AS "targetId", t.name AS "targetName", d.event,
              d.incident_id AS "incidentId", d.idempotency_key AS "idempotencyKey", d.ordering_key AS "orderingKey",
              d.payload, d.state, d.attempts AS "attemptCount", d.created_at AS "createdAt",
              d.next_attempt_at AS "nextAttemptAt", d.sent_at AS "sentAt", d.last_error AS "lastError",
              ${cursorTimeSql('d.created_at')} AS "cursorTime"
       FROM notification_deliveries d JOIN notification_targets t ON t.id = d.target_id
       WHERE ($6::bigint IS NULL OR d.id = $6::bigint)
         AND ($1::uuid IS NULL OR d.target_id = $1::uuid)
         AND ($2::notification_delivery_state IS NULL OR d.state = $2::notification_delivery_state)
         AND ($3::timestamptz IS NULL OR (d.created_at, d.id) < ($3::timestamptz, $4::bigint))
       ORDER BY d.created_at DESC, d.id DESC
       LIMIT $5`,
      [
        filter.targetId ?? null,
        filter.state ?? null,
        after?.time ?? null,
        after?.id ?? null,
        size + 1,
        filter.id ?? null,
      ],
    );
  }

  /** Every attempt at these deliveries, oldest first. */
  attempts(deliveryIds: string[]): Promise<AttemptRecord[]> {
    if (deliveryIds.length === 0) return Promise.resolve([]);
    return this.dataSource.query(
      `SELECT id::text AS id, delivery_id::text AS "deliveryId", at, outcome, status, error,
              duration_ms AS "durationMs", retry_at AS "retryAt"
       FROM notification_attempts WHERE delivery_id = ANY($1::bigint[]) ORDER BY at, id`,
      [deliveryIds],
    );
  }

  /** The newest test message owed to the target (the one just enqueued, within its transaction). */
  async newestTest(manager: EntityManager, targetId: string): Promise<string | undefined> {
    const [delivery]: Array<{ id: string }> = await manager.query(
      `SELECT id::text AS id FROM notification_deliveries WHERE target_id = $1 AND event = 'test' ORDER BY id DESC LIMIT 1`,
      [targetId],
    );
    return delivery?.id;
  }

  async stateOf(manager: EntityManager, id: string): Promise<NotificationDeliveryState | undefined> {
    const [row]: Array<{ state: NotificationDeliveryState }> = await manager.query(
      `SELECT state FROM notification_deliveries WHERE id = $1`,
      [id],
    );
    return row?.state;
  }
}

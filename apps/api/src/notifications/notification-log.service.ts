import { render, type NotificationPayload } from '#notifications';
import { type DeliveryRecord, type NotificationDeliveryState, NotificationLogRepository } from '#persistence';
import { Injectable } from '@nestjs/common';
import { badUserInput } from '../errors/api.error.js';
import { decodeCursor, encodeCursor, pageSize } from '../graphql/keyset-cursor.util.js';
import type {
  NotificationDeliveryConnectionModel,
  NotificationDeliveryModel,
} from './notification-delivery.models.js';
import { asUuid } from './notifications-admin.service.js';

const CURSOR_LIST = 'notificationDeliveries';

/** Pages of the delivery log, each delivery with its attempts. */
@Injectable()
export class NotificationLogService {
  constructor(private readonly log: NotificationLogRepository) {}

  async page(
    filter: { targetId?: string | null; state?: NotificationDeliveryState | null },
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<NotificationDeliveryConnectionModel> {
    const size = pageSize(first);
    const position = decodeCursor(CURSOR_LIST, after);
    if (position !== null && !/^\d{1,18}$/.test(position.id)) {
      throw badUserInput(`after: "${String(after).slice(0, 60)}" is not a cursor of this list`, 'after');
    }
    let targetId: string | undefined;
    if (filter.targetId != null) {
      const uuid = asUuid(filter.targetId);
      if (uuid === null)
        throw badUserInput(`targetId: ${filter.targetId.slice(0, 100)} is not a target id`, 'targetId');
      targetId = uuid;
    }
    const rows = await this.log.deliveries({ targetId, state: filter.state ?? undefined }, size, position);
    const page = rows.slice(0, size);
    const attemptsOf = Map.groupBy(await this.log.attempts(page.map((row) => row.id)), (a) => a.deliveryId);
    const edges = page.map((row) => ({
      cursor: encodeCursor(CURSOR_LIST, { time: row.cursorTime, id: row.id }),
      node: deliveryModel(row, attemptsOf.get(row.id) ?? []),
    }));
    return { edges, pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  /** One delivery (the one "send a test" just wrote). */
  async delivery(id: string): Promise<NotificationDeliveryModel | null> {
    const [row] = await this.log.deliveries({ id }, 1, null);
    if (row === undefined) return null;
    return deliveryModel(row, await this.log.attempts([row.id]));
  }
}

function deliveryModel(
  row: DeliveryRecord,
  attempts: NotificationDeliveryModel['attempts'],
): NotificationDeliveryModel {
  const { headline } = render({
    deliveryId: row.id,
    idempotencyKey: row.idempotencyKey,
    event: row.event,
    orderingKey: row.orderingKey,
    payload: row.payload as unknown as NotificationPayload,
    coalesced: 0,
  });
  return {
    id: row.id,
    targetId: row.targetId,
    targetName: row.targetName,
    event: row.event,
    headline,
    incidentId: row.incidentId,
    idempotencyKey: row.idempotencyKey,
    state: row.state,
    attemptCount: row.attemptCount,
    createdAt: row.createdAt,
    nextAttemptAt: row.nextAttemptAt,
    sentAt: row.sentAt,
    lastError: row.lastError,
    attempts,
  };
}

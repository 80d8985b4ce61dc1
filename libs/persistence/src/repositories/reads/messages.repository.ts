import type { MessageEntity, MessageTenantEntity } from '../../entities/index.js';
import { Injectable } from '@nestjs/common';
import { cursorTimeSql, type KeysetPosition } from './keyset.sql.js';
import { integer, SqlParams } from './sql-params.util.js';
import type { TenantScope } from './tenant-scope.type.js';
import { SqlReader } from './sql.reader.js';

export type MessageRecord = Omit<MessageEntity, 'search' | 'bodyHtml'>;
export type MessagePageRecord = MessageRecord & { cursorTime: string };
export type MessageTenantRecord = Pick<MessageTenantEntity, 'messageId' | 'tenantId'>;

/** What `messages` may be filtered by, validated (see MessagesService). */
export interface MessageCriteria {
  /** The tenant whose message center is read; null: every message (no Graph tenant is configured). */
  scope: TenantScope;
  services?: string[];
  category?: string;
  majorChangeOnly?: boolean;
  search?: string;
}

const MESSAGE_COLUMNS = `m.id, m.title, m.category, m.severity, m.tags, m.services,
  m.is_major_change AS "isMajorChange", m.action_required_by AS "actionRequiredBy", m.started_at AS "startedAt",
  m.ends_at AS "endsAt", m.last_modified_at AS "lastModifiedAt", m.body`;

@Injectable()
export class MessagesRepository {
  constructor(private readonly sql: SqlReader) {}

  /** Newest first by (lastModifiedAt, id), after the given position; `limit` rows at most. */
  page(criteria: MessageCriteria, after: KeysetPosition | null, limit: number): Promise<MessagePageRecord[]> {
    const params = new SqlParams();
    const conditions = this.conditions(criteria, params);
    if (after) {
      conditions.push(
        `(m.last_modified_at, m.id) < (${params.add(after.time)}::timestamptz, ${params.add(after.id)})`,
      );
    }
    return this.sql.rows(
      `SELECT ${MESSAGE_COLUMNS}, ${cursorTimeSql('m.last_modified_at')} AS "cursorTime"
       FROM messages m ${where(conditions)}
       ORDER BY m.last_modified_at DESC, m.id DESC LIMIT ${integer(limit)}`,
      params.values,
    );
  }

  async count(criteria: MessageCriteria): Promise<number> {
    const params = new SqlParams();
    const conditions = this.conditions(criteria, params);
    const [row] = await this.sql.rows(
      `SELECT count(*)::int AS count FROM messages m ${where(conditions)}`,
      params.values,
    );
    return (row as { count: number }).count;
  }

  tenantsOf(ids: readonly string[]): Promise<MessageTenantRecord[]> {
    return this.sql.rows(
      `SELECT t.message_id AS "messageId", t.tenant_id AS "tenantId" FROM message_tenants t
       WHERE t.message_id = ANY($1::text[]) ORDER BY t.tenant_id`,
      [ids],
    );
  }

  private conditions(criteria: MessageCriteria, params: SqlParams): string[] {
    const conditions: string[] = [];
    if (criteria.scope !== null) {
      conditions.push(
        `EXISTS (SELECT 1 FROM message_tenants t WHERE t.message_id = m.id AND t.tenant_id = ${params.add(criteria.scope)})`,
      );
    }
    if (criteria.services) conditions.push(`m.services && ${params.add(criteria.services)}::text[]`);
    if (criteria.category) conditions.push(`lower(m.category) = lower(${params.add(criteria.category)})`);
    if (criteria.majorChangeOnly) conditions.push('m.is_major_change');
    if (criteria.search) {
      conditions.push(`m.search @@ websearch_to_tsquery('english', ${params.add(criteria.search)})`);
    }
    return conditions;
  }
}

function where(conditions: string[]): string {
  return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A message-center post as `messages` stores it (times as ISO text). */
export interface MessageRow {
  id: string;
  title: string;
  category: string | null;
  severity: string | null;
  tags: string[];
  services: string[];
  is_major_change: boolean;
  action_required_by: string | null;
  started_at: string | null;
  ends_at: string | null;
  last_modified_at: string;
  body: string;
  body_html: string | null;
}

/** A tenant's poll lists a post. */
export interface MessageListing {
  messageId: string;
  tenantId: string;
}

/** `messages`, the message center's posts, and `message_tenants`, the tenants that list each one. */
@Injectable()
export class MessageCenterRepository {
  /** Writes posts (one version each) in one statement; a stored version as new or newer stays. */
  async upsert(manager: EntityManager, rows: MessageRow[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO messages (id, title, category, severity, tags, services, is_major_change, action_required_by,
                             started_at, ends_at, last_modified_at, body, body_html)
       SELECT id, title, category, severity, ARRAY(SELECT jsonb_array_elements_text(tags)),
              ARRAY(SELECT jsonb_array_elements_text(services)), is_major_change, action_required_by,
              started_at, ends_at, last_modified_at, body, body_html
       FROM jsonb_to_recordset($1::jsonb) AS m(
         id text, title text, category text, severity text, tags jsonb, services jsonb, is_major_change boolean,
         action_required_by timestamptz, started_at timestamptz, ends_at timestamptz,
         last_modified_at timestamptz, body text, body_html text)
       ON CONFLICT (id) DO UPDATE SET
         title = EXCLUDED.title, category = EXCLUDED.category, severity = EXCLUDED.severity,
         tags = EXCLUDED.tags, services = EXCLUDED.services, is_major_change = EXCLUDED.is_major_change,
         action_required_by = EXCLUDED.action_required_by, started_at = EXCLUDED.started_at,
         ends_at = EXCLUDED.ends_at, last_modified_at = EXCLUDED.last_modified_at, body = EXCLUDED.body,
         body_html = EXCLUDED.body_html
       WHERE messages.last_modified_at <= EXCLUDED.last_modified_at
         -- Another tenant's copy of the stored version: nothing to write (and no search vector to compute).
         AND (messages.title, messages.category, messages.severity, messages.tags, messages.services,
              messages.is_major_change, messages.action_required_by, messages.started_at, messages.ends_at,
              messages.last_modified_at, messages.body, messages.body_html)
           IS DISTINCT FROM (EXCLUDED.title, EXCLUDED.category, EXCLUDED.severity, EXCLUDED.tags, EXCLUDED.services,
              EXCLUDED.is_major_change, EXCLUDED.action_required_by, EXCLUDED.started_at, EXCLUDED.ends_at,
              EXCLUDED.last_modified_at, EXCLUDED.body, EXCLUDED.body_html)`,
      [JSON.stringify(rows)],
    );
  }

  /** Records which tenants list which posts; a known listing is skipped. */
  async addListings(manager: EntityManager, listings: MessageListing[]): Promise<void> {
    if (listings.length === 0) return;
    await manager.query(
      `INSERT INTO message_tenants (message_id, tenant_id)
       SELECT * FROM unnest($1::text[], $2::text[])
       ON CONFLICT DO NOTHING`,
      [listings.map((listing) => listing.messageId), listings.map((listing) => listing.tenantId)],
    );
  }
}

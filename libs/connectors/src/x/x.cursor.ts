import { z } from 'zod';
import type { Cursor } from '../connector.js';
import { xIdSchema } from './x.schemas.js';

/**
 * Where the next X poll starts: the account's id (looked up once, kept so that a restart does not look it
 * up again), the name it was looked up by (a changed `X_USERNAME` means a new lookup and a fresh start),
 * and the newest post id seen (`since_id`).
 */
export interface XCursor {
  userId: string;
  username: string;
  sinceId: string | null;
}

const xCursorSchema = z.object({
  userId: xIdSchema,
  // Cursors written before the name was kept count as the configured account's.
  username: z.string().optional(),
  sinceId: xIdSchema.nullable().catch(null),
});

/** A stored cursor read back for `username`; null (a first poll) when unreadable or for another account. */
export function readXCursor(cursor: Cursor | null, username: string): XCursor | null {
  const parsed = xCursorSchema.safeParse(cursor ?? undefined);
  if (!parsed.success) return null;
  const stored = parsed.data.username ?? username;
  if (stored.toLowerCase() !== username.toLowerCase()) return null;
  return { userId: parsed.data.userId, username, sinceId: parsed.data.sinceId };
}

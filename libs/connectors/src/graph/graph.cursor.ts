import { isoDateTimeSchema } from '#domain';
import { z } from 'zod';
import type { Cursor } from '../connector.js';
import { laterTimestamp } from '../shared/timestamp.util.js';

/**
 * Where a tenant's next Graph poll starts: the newest `lastModifiedDateTime` seen per collection (ISO, UTC,
 * millisecond precision). The next poll asks for items modified at or after it, less an overlap window
 * (`CURSOR_OVERLAP_MS`): inclusive, because several items can share a timestamp, and overlapping, because
 * an item can appear after a newer one; the content hash drops the ones already stored.
 */
export interface GraphCursor {
  issuesModifiedSince: string | null;
  messagesModifiedSince: string | null;
}

const field = isoDateTimeSchema.nullable().catch(null);
const graphCursorSchema = z.object({ issuesModifiedSince: field, messagesModifiedSince: field });

/** A stored cursor read back; anything unreadable counts as absent, which means a full scan (no gap). */
export function readGraphCursor(cursor: Cursor | null): GraphCursor {
  const parsed = graphCursorSchema.safeParse(cursor ?? {});
  return parsed.success ? parsed.data : { issuesModifiedSince: null, messagesModifiedSince: null };
}

/** The cursor moved to the newest of `modified` (when the collection was read completely). */
export function advanceModifiedSince(
  since: string | null,
  modified: readonly (string | null | undefined)[],
): string | null {
  return modified.reduce<string | null>((newest, value) => laterTimestamp(newest, value), since);
}

/**
 * How far before the cursor an incremental read starts again. Graph stamps `lastModifiedDateTime` when an
 * item is written, not when every replica lists it: an item stamped just before the newest one seen can
 * show up a poll later. Re-reading a window catches it; the store drops the items it already has.
 */
export const CURSOR_OVERLAP_MS = 10 * 60_000;

/** The `$filter` for an incremental read: modified since the cursor, less the overlap window. */
export function modifiedSinceFilter(since: string): string {
  return `lastModifiedDateTime ge ${new Date(Date.parse(since) - CURSOR_OVERLAP_MS).toISOString()}`;
}

import type { KeysetPosition } from '#persistence';
import { badUserInput } from '../errors/api.error.js';
import { PAGE_SIZE } from './query-cost.util.js';

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const MAX_CURSOR_LENGTH = 400;

/** Opaque to clients: base64url of the list's name and the position, so a cursor fits only its own list. */
export function encodeCursor(list: string, position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([list, position.time, position.id])).toString('base64url');
}

export function decodeCursor(list: string, cursor: string | null | undefined): KeysetPosition | null {
  if (cursor === null || cursor === undefined) return null;
  const invalid = () => badUserInput(`after: "${cursor.slice(0, 60)}" is not a cursor of this list`, 'after');
  if (cursor.length > MAX_CURSOR_LENGTH) throw invalid();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (
    !Array.isArray(decoded) ||
    decoded.length !== 3 ||
    decoded[0] !== list ||
    typeof decoded[1] !== 'string' ||
    !TIME.test(decoded[1]) ||
    Number.isNaN(Date.parse(decoded[1])) ||
    typeof decoded[2] !== 'string'
  ) {
    throw invalid();
  }
  return { time: decoded[1], id: decoded[2] };
}

/** `first`: 1 to 100, 20 when left out. */
export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return PAGE_SIZE.default;
  if (!Number.isInteger(first) || first < 1 || first > PAGE_SIZE.max) {
    throw badUserInput(`first must be from 1 to ${PAGE_SIZE.max} (got ${first})`, 'first');
  }
  return first;
}

import { type CustomScalar, Scalar } from '@nestjs/graphql';
import { Kind, type ValueNode } from 'graphql';
import { badUserInput } from '../errors/api.error.js';

/** ISO-8601 with a date, a time and an offset (Z or ±hh:mm); seconds and fractions optional. */
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/**
 * `DateTime`: ISO-8601 with offset, e.g. 2026-11-23T20:00:00.000Z. Served in UTC with milliseconds; read
 * strictly, so that a date without an offset, or one that does not exist (30 February), is refused as
 * BAD_USER_INPUT rather than guessed.
 */
@Scalar('DateTime', () => Date)
export class DateTimeScalar implements CustomScalar<string, Date> {
  description = 'ISO-8601 date and time with offset, e.g. 2026-11-23T20:00:00.000Z';

  serialize(value: unknown): string {
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'string') return parseDateTime(value).toISOString();
    throw new TypeError(`DateTime cannot represent ${typeof value}`);
  }

  parseValue(value: unknown): Date {
    if (typeof value !== 'string') throw badUserInput('DateTime must be a string, e.g. 2026-11-23T20:00:00Z');
    return parseDateTime(value);
  }

  parseLiteral(ast: ValueNode): Date {
    if (ast.kind !== Kind.STRING) throw badUserInput('DateTime must be a string, e.g. 2026-11-23T20:00:00Z');
    return parseDateTime(ast.value);
  }
}

export function parseDateTime(text: string): Date {
  const match = ISO_DATE_TIME.exec(text);
  const date = new Date(text);
  if (!match || Number.isNaN(date.getTime()) || !calendarDateExists(match)) {
    throw badUserInput(
      `"${text.slice(0, 40)}" is not an ISO-8601 date-time with offset, e.g. 2026-11-23T20:00:00Z`,
    );
  }
  return date;
}

/** JavaScript rolls 2026-02-30 over to 2 March; the written date must exist as written. */
function calendarDateExists(match: RegExpExecArray): boolean {
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
  const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  return (
    month! >= 1 &&
    month! <= 12 &&
    day! >= 1 &&
    day! <= daysInMonth &&
    hour! <= 23 &&
    minute! <= 59 &&
    second! <= 59
  );
}

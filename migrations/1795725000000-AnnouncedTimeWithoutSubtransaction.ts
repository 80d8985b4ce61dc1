import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `beacon_announced_time` (migration NextUpdateBy) caught impossible dates in an EXCEPTION block, and
 * PL/pgSQL opens a subtransaction every time it enters one: one per post naming a next update. It now
 * checks the fields before it converts them, and gives the same time, or none, for every text. Most of its
 * cost was elsewhere, in capture groups (see `writtenTimeCapturing`): a written time is read about ten times
 * faster.
 *
 * One difference: an ISO time whose offset is beyond ±15:59 ("2026-11-20T10:00+16:00") made the old
 * function raise (invalid_time_zone_displacement_value, which it did not catch), so a post carrying one
 * could never be stored and stopped the correlator at it; it now reads as no time.
 */
export class AnnouncedTimeWithoutSubtransaction1795725000000 implements MigrationInterface {
  name = 'AnnouncedTimeWithoutSubtransaction1795725000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION beacon_is_date(year int, month int, day int) RETURNS boolean
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN year >= 1 AND month BETWEEN 1 AND 12 AND day BETWEEN 1 AND CASE
        WHEN month = 2 THEN 28 + (year % 4 = 0 AND (year % 100 <> 0 OR year % 400 = 0))::int
        WHEN month IN (4, 6, 9, 11) THEN 30
        ELSE 31
      END`);
    await queryRunner.query(CHECKED);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(WITH_EXCEPTION);
    await queryRunner.query('DROP FUNCTION beacon_is_date(int, int, int)');
  }
}

/** Written times ("Friday, November 20, 2026, at 11:00 AM UTC"), as NextUpdateBy reads them. */
const WRITTEN_TIME = `'^(?:[a-z]+,?\\s+)?([a-z]+)\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4}),?\\s+(?:at\\s+)?'
          '(\\d{1,2}):(\\d{2})(?::(\\d{2}))?\\s*(am|pm|a\\.m\\.|p\\.m\\.)?(?!\\d)\\s*(.*)$'`;

/**
 * The same pattern, only the groups listed captured. Its eight captures in one match cost PostgreSQL's regex
 * engine about 0.7 ms a time (it tries each way of splitting the text between them); the date's three and
 * the time's five in two matches, about 50 µs together, and the same parts, the match being the same.
 */
function writtenTimeCapturing(captured: number[]): string {
  const group = (index: number, pattern: string) =>
    captured.includes(index) ? `(${pattern})` : `(?:${pattern})`;
  return (
    `'^(?:[a-z]+,?\\s+)?${group(1, '[a-z]+')}\\.?\\s+${group(2, '\\d{1,2}')}(?:st|nd|rd|th)?,?\\s+` +
    `${group(3, '\\d{4}')},?\\s+(?:at\\s+)?${group(4, '\\d{1,2}')}:${group(5, '\\d{2}')}` +
    `(?::${group(6, '\\d{2}')})?\\s*${group(7, 'am|pm|a\\.m\\.|p\\.m\\.')}?(?!\\d)\\s*${group(8, '.*')}$'`
  );
}

/**
 * PostgreSQL's own reading of an ISO time refuses a year 0, a day its month lacks, minutes past 59, seconds
 * past 60, a time past 24:00 (fractions rounded to microseconds as it rounds them) and an offset past 15:59.
 */
const CHECKED = `
  CREATE OR REPLACE FUNCTION beacon_announced_time(value text) RETURNS timestamptz
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
  DECLARE
    parts text[];
    month_number int;
    hour int;
    zone_at int;
    seconds text;
  BEGIN
    value := btrim(value);
    IF value ~* '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})$' THEN
      -- Its digits ASCII (\\d may take others), its fields read by position: capture groups cost
      -- PostgreSQL's regex engine about a millisecond a time.
      IF value !~* '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})$' THEN
        RETURN NULL;
      END IF;
      zone_at := length(value) - CASE
        WHEN upper(right(value, 1)) = 'Z' THEN 0
        WHEN substr(value, length(value) - 2, 1) = ':' THEN 5
        ELSE 4
      END;
      seconds := substr(value, 17, zone_at - 17); -- '', ':SS' or ':SS.fraction'
      parts := ARRAY[left(value, 4), substr(value, 6, 2), substr(value, 9, 2), substr(value, 12, 2),
        substr(value, 15, 2), coalesce(nullif(substr(seconds, 2, 2), ''), '0'), substr(seconds, 4),
        CASE WHEN zone_at < length(value) THEN substr(value, zone_at + 1, 2) ELSE '0' END,
        CASE WHEN zone_at < length(value) THEN right(value, 2) ELSE '0' END];
      IF NOT beacon_is_date(parts[1]::int, parts[2]::int, parts[3]::int)
        OR parts[5]::int > 59
        OR parts[6]::int > 60
        OR ((parts[4]::int * 60 + parts[5]::int) * 60 + parts[6]::int) * 1000000::float8
          + round(('0' || parts[7])::float8 * 1000000) > 86400000000
        OR parts[8]::int > 15
        OR parts[9]::int > 59 THEN
        RETURN NULL;
      END IF;
      RETURN value::timestamptz;
    END IF;
    parts := regexp_match(value, ${writtenTimeCapturing([1, 2, 3])}, 'i');
    IF parts IS NULL THEN
      RETURN NULL;
    END IF;
    parts := parts || regexp_match(value, ${writtenTimeCapturing([4, 5, 6, 7, 8])}, 'i');
    -- After the time: nothing, a remark, or a zone, which must be UTC ("UTC+1" and "PST" are not).
    IF parts[8] ~* '^\\(?[a-z]' AND parts[8] !~* '^\\(?(?:utc|gmt|z)\\y(?!\\s*[+-]\\d)' THEN
      RETURN NULL;
    END IF;
    IF length(parts[1]) >= 3 THEN
      month_number := array_position(
        ARRAY['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
        left(lower(parts[1]), 3));
    END IF;
    hour := parts[4]::int;
    IF parts[7] IS NOT NULL THEN
      IF hour < 1 OR hour > 12 THEN
        RETURN NULL;
      END IF;
      hour := hour % 12 + CASE WHEN lower(parts[7]) LIKE 'p%' THEN 12 ELSE 0 END;
    END IF;
    IF month_number IS NULL OR hour > 23 OR parts[5]::int > 59 OR coalesce(parts[6], '0')::int > 59
      OR NOT beacon_is_date(parts[3]::int, month_number, parts[2]::int) THEN
      RETURN NULL;
    END IF;
    RETURN make_timestamptz(parts[3]::int, month_number, parts[2]::int, hour, parts[5]::int,
      coalesce(parts[6], '0')::double precision, 'UTC');
  END
  $fn$`;

/** NextUpdateBy's definition. */
const WITH_EXCEPTION = `
  CREATE OR REPLACE FUNCTION beacon_announced_time(value text) RETURNS timestamptz
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
  DECLARE
    parts text[];
    month_number int;
    hour int;
  BEGIN
    value := btrim(value);
    IF value ~* '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})$' THEN
      RETURN value::timestamptz;
    END IF;
    parts := regexp_match(value, ${WRITTEN_TIME}, 'i');
    IF parts IS NULL THEN
      RETURN NULL;
    END IF;
    -- After the time: nothing, a remark, or a zone, which must be UTC ("UTC+1" and "PST" are not).
    IF parts[8] ~* '^\\(?[a-z]' AND parts[8] !~* '^\\(?(?:utc|gmt|z)\\y(?!\\s*[+-]\\d)' THEN
      RETURN NULL;
    END IF;
    IF length(parts[1]) >= 3 THEN
      month_number := array_position(
        ARRAY['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
        left(lower(parts[1]), 3));
    END IF;
    hour := parts[4]::int;
    IF parts[7] IS NOT NULL THEN
      IF hour < 1 OR hour > 12 THEN
        RETURN NULL;
      END IF;
      hour := hour % 12 + CASE WHEN lower(parts[7]) LIKE 'p%' THEN 12 ELSE 0 END;
    END IF;
    IF month_number IS NULL OR hour > 23 OR parts[5]::int > 59 OR coalesce(parts[6], '0')::int > 59 THEN
      RETURN NULL;
    END IF;
    RETURN make_timestamptz(parts[3]::int, month_number, parts[2]::int, hour, parts[5]::int,
      coalesce(parts[6], '0')::double precision, 'UTC');
  EXCEPTION
    -- A date that does not exist (November 31, February 29 of 2026, month 13).
    WHEN datetime_field_overflow OR invalid_datetime_format THEN
      RETURN NULL;
  END
  $fn$`;

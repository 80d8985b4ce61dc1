import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Microsoft's promise of its next post ("Next update by: …") as a time on every update, so that analysts
 * can count promises kept and missed in one statement over years of history. PostgreSQL reads it from the
 * stored text (a generated column): every writer, rebuild included, fills it without knowing of it, and
 * existing rows are filled by this migration.
 *
 * `beacon_announced_time` is `parseAnnouncedTime` (libs/domain/src/announced-time.ts) in PL/pgSQL; a test
 * runs both over the same cases (test/e2e/analytics/next-update-by.test.ts). Only UTC is accepted.
 */
export class NextUpdateBy1795703000000 implements MigrationInterface {
  name = 'NextUpdateBy1795703000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION beacon_announced_time(value text) RETURNS timestamptz
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
        parts := regexp_match(value,
          '^(?:[a-z]+,?\\s+)?([a-z]+)\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4}),?\\s+(?:at\\s+)?'
          '(\\d{1,2}):(\\d{2})(?::(\\d{2}))?\\s*(am|pm|a\\.m\\.|p\\.m\\.)?(?!\\d)\\s*(.*)$', 'i');
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
      $fn$`);
    await queryRunner.query(`
      CREATE FUNCTION beacon_next_update_by(post text) RETURNS timestamptz
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      RETURN beacon_announced_time((regexp_match(post, '(?:^|\\s)next update by:\\s*([^\\n]*)', 'i'))[1])`);
    await queryRunner.query(
      'INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (current_database(), $1, $2, $3, $4, $5)',
      ['public', 'incident_updates', 'GENERATED_COLUMN', 'next_update_by', 'beacon_next_update_by(text)'],
    );
    await queryRunner.query(
      'ALTER TABLE "incident_updates" ADD "next_update_by" TIMESTAMP WITH TIME ZONE GENERATED ALWAYS AS (beacon_next_update_by(text)) STORED',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "incident_updates" DROP COLUMN "next_update_by"');
    await queryRunner.query(
      'DELETE FROM "typeorm_metadata" WHERE "type" = $1 AND "name" = $2 AND "database" = current_database() AND "schema" = $3 AND "table" = $4',
      ['GENERATED_COLUMN', 'next_update_by', 'public', 'incident_updates'],
    );
    await queryRunner.query('DROP FUNCTION beacon_next_update_by(text)');
    await queryRunner.query('DROP FUNCTION beacon_announced_time(text)');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `incident_updates.next_update_by` was a generated column: PostgreSQL ran `beacon_next_update_by` on every
 * post written, and its regex engine took about 40 µs a post on a connection that had read many, and up to a
 * millisecond on one that had not (a first import's 9,065 posts: 4 to 10 s of the fold, most of the
 * insert). The correlator now writes the time with the post (`nextUpdateByOf` in libs/domain, the same
 * reading, tested against the SQL one), and a trigger fills it for any writer that leaves it empty (a post
 * that names no readable time is read again by PostgreSQL, and found to have none). The stored times stay.
 */
export class NextUpdateByWritten1795750000000 implements MigrationInterface {
  name = 'NextUpdateByWritten1795750000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE incident_updates ALTER COLUMN next_update_by DROP EXPRESSION`);
    await queryRunner.query(
      `DELETE FROM typeorm_metadata WHERE type = 'GENERATED_COLUMN' AND "table" = 'incident_updates' AND name = 'next_update_by'`,
    );
    // A post's text is never rewritten; if it were, its promise would be read from the new text.
    await queryRunner.query(`
      CREATE FUNCTION beacon_fill_next_update_by() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF NEW.next_update_by IS NULL OR (TG_OP = 'UPDATE' AND NEW.text IS DISTINCT FROM OLD.text) THEN
          NEW.next_update_by := beacon_next_update_by(NEW.text);
        END IF;
        RETURN NEW;
      END
      $fn$`);
    await queryRunner.query(`
      CREATE TRIGGER incident_updates_fill_next_update_by BEFORE INSERT OR UPDATE OF text ON incident_updates
      FOR EACH ROW EXECUTE FUNCTION beacon_fill_next_update_by()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER incident_updates_fill_next_update_by ON incident_updates`);
    await queryRunner.query(`DROP FUNCTION beacon_fill_next_update_by()`);
    await queryRunner.query(`ALTER TABLE incident_updates DROP COLUMN next_update_by`);
    await queryRunner.query(
      `ALTER TABLE incident_updates ADD next_update_by timestamptz GENERATED ALWAYS AS (beacon_next_update_by(text)) STORED`,
    );
    await queryRunner.query(
      `INSERT INTO typeorm_metadata (database, schema, "table", type, name, value)
       VALUES (current_database(), 'public', 'incident_updates', 'GENERATED_COLUMN', 'next_update_by', 'beacon_next_update_by(text)')`,
    );
  }
}

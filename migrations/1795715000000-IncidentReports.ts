import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Post-incident reviews kept: one row per Graph issue whose review Graph published, with the document as
 * received, its text and the six sections, searchable. Not linked to `incidents` by a foreign key, so that
 * a rebuild (which deletes incidents) keeps every document.
 */
export class IncidentReports1795715000000 implements MigrationInterface {
  name = 'IncidentReports1795715000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (current_database(), $1, $2, $3, $4, $5)',
      [
        'public',
        'incident_reports',
        'GENERATED_COLUMN',
        'search',
        "to_tsvector('english', coalesce(text, ''))",
      ],
    );
    await queryRunner.query(
      'CREATE TABLE "incident_reports" ("issue_id" text NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL, "tenant_id" text, "fetched_at" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT 0, "next_attempt_at" TIMESTAMP WITH TIME ZONE, "last_error" text, "media_type" text, "size" integer, "sha256" text, "content" bytea, "parse_error" text, "text" text, "user_impact" text, "scope_of_impact" text, "start_end_time" text, "root_cause" text, "actions_taken" text, "next_steps" text, "search" tsvector GENERATED ALWAYS AS (to_tsvector(\'english\', coalesce(text, \'\'))) STORED NOT NULL, CONSTRAINT "PK_incident_reports" PRIMARY KEY ("issue_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_incident_reports_due" ON "incident_reports" ("next_attempt_at") WHERE fetched_at IS NULL',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_incident_reports_search" ON "incident_reports" USING gin ("search") ',
    );
    await queryRunner.query(
      'ALTER TABLE "incident_reports" ADD CONSTRAINT "FK_a596d36ff8d61790ff6613c5f2f" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "incident_reports" DROP CONSTRAINT "FK_a596d36ff8d61790ff6613c5f2f"',
    );
    await queryRunner.query('DROP INDEX "public"."idx_incident_reports_search"');
    await queryRunner.query('DROP INDEX "public"."idx_incident_reports_due"');
    await queryRunner.query('DROP TABLE "incident_reports"');
    await queryRunner.query(
      'DELETE FROM "typeorm_metadata" WHERE "type" = $1 AND "name" = $2 AND "database" = current_database() AND "schema" = $3 AND "table" = $4',
      ['GENERATED_COLUMN', 'search', 'public', 'incident_reports'],
    );
  }
}

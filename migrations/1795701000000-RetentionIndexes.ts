import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention prunes poll runs and status history by age across every source and tenant: an index on the
 * time alone lets each batch find its oldest rows without reading the table.
 */
export class RetentionIndexes1795701000000 implements MigrationInterface {
  name = 'RetentionIndexes1795701000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "idx_poll_runs_started" ON "poll_runs" ("started_at")`);
    await queryRunner.query(
      `CREATE INDEX "idx_service_status_changes_time" ON "service_status_changes" ("changed_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_service_status_changes_time"`);
    await queryRunner.query(`DROP INDEX "idx_poll_runs_started"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the correlator knows between steps moves from a process's memory into the database, beside its
 * cursor: which Graph answers each tenant's statuses were recomputed with (`accounted_graph_successes`),
 * and until when time's effect on freshness was accounted for (`correlation_cursor.freshness_checked_at`).
 * The correlator's turn passes from process to process step by step; kept in one process, each one taking
 * a turn recomputed every tenant answered since its own last turn (all of them at its first). Empty at
 * first: the next step recomputes every tenant once, as a process's first step did.
 */
export class CorrelatorStateInDatabase1795760000000 implements MigrationInterface {
  name = 'CorrelatorStateInDatabase1795760000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "accounted_graph_successes" ("tenant_id" text NOT NULL, "last_success_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_accounted_graph_successes" PRIMARY KEY ("tenant_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "accounted_graph_successes" ADD CONSTRAINT "FK_accounted_graph_successes_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "correlation_cursor" ADD "freshness_checked_at" TIMESTAMP WITH TIME ZONE`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "correlation_cursor" DROP COLUMN "freshness_checked_at"`);
    await queryRunner.query(`DROP TABLE "accounted_graph_successes"`);
  }
}

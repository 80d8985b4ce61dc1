import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SignalRevisions1795650458172 implements MigrationInterface {
  name = 'SignalRevisions1795650458172';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."idx_raw_signals_external_id"');
    await queryRunner.query('DROP INDEX "public"."uq_raw_signals_global_item"');
    await queryRunner.query('DROP INDEX "public"."uq_raw_signals_tenant_item"');
    await queryRunner.query('ALTER TABLE "raw_signals" ADD "revision" integer NOT NULL DEFAULT \'0\'');
    await queryRunner.query(
      'CREATE INDEX "idx_raw_signals_item_latest" ON "raw_signals"  ("kind", "external_id", "observed_at") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_raw_signals_global_item" ON "raw_signals"  ("channel", "kind", "external_id", "content_hash", "revision") WHERE tenant_id IS NULL',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_raw_signals_tenant_item" ON "raw_signals"  ("channel", "tenant_id", "kind", "external_id", "content_hash", "revision") WHERE tenant_id IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."uq_raw_signals_tenant_item"');
    await queryRunner.query('DROP INDEX "public"."uq_raw_signals_global_item"');
    await queryRunner.query('DROP INDEX "public"."idx_raw_signals_item_latest"');
    // Without revisions a recurring state can't be stored twice: its later occurrences go.
    await queryRunner.query('DELETE FROM "raw_signals" WHERE "revision" > 0');
    await queryRunner.query('ALTER TABLE "raw_signals" DROP COLUMN "revision"');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_raw_signals_tenant_item" ON "raw_signals"  ("channel", "tenant_id", "kind", "external_id", "content_hash") WHERE tenant_id IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_raw_signals_global_item" ON "raw_signals"  ("channel", "kind", "external_id", "content_hash") WHERE tenant_id IS NULL',
    );
    await queryRunner.query('CREATE INDEX "idx_raw_signals_external_id" ON "raw_signals"  ("external_id") ');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Polls only append: the log's order is `(observed_at, id)`; raw signals reference their payload, stored
 * once in `raw_payloads`, and may be marked unreadable; the correlator keeps its place in
 * `correlation_cursor`; an incident remembers which Graph version its fields come from.
 */
export class CorrelationLog1795700000000 implements MigrationInterface {
  name = 'CorrelationLog1795700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "correlation_cursor" ("name" text NOT NULL, "last_observed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_id" bigint NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_20d02c7d45420059b683672fa11" PRIMARY KEY ("name"))',
    );
    await queryRunner.query(
      'CREATE TABLE "raw_payloads" ("hash" text NOT NULL, "payload" jsonb NOT NULL, CONSTRAINT "PK_89e746db0f9c1598beac793a429" PRIMARY KEY ("hash"))',
    );
    await queryRunner.query('ALTER TABLE "raw_signals" ADD "payload_hash" text');
    await queryRunner.query(
      `UPDATE "raw_signals" SET "payload_hash" = encode(sha256(convert_to("payload"::text, 'UTF8')), 'hex')`,
    );
    await queryRunner.query(
      'INSERT INTO "raw_payloads" ("hash", "payload") SELECT DISTINCT ON ("payload_hash") "payload_hash", "payload" FROM "raw_signals"',
    );
    await queryRunner.query('ALTER TABLE "raw_signals" ALTER COLUMN "payload_hash" SET NOT NULL');
    await queryRunner.query('ALTER TABLE "raw_signals" DROP COLUMN "payload"');
    await queryRunner.query('ALTER TABLE "raw_signals" ADD "unreadable" text');
    await queryRunner.query('ALTER TABLE "incidents" ADD "graph_modified_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "incidents" ADD "graph_payload_hash" text');
    await queryRunner.query('DROP INDEX "public"."idx_raw_signals_observed_at"');
    await queryRunner.query(
      'CREATE INDEX "idx_raw_signals_log_order" ON "raw_signals"  ("observed_at", "id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "raw_signals" ADD CONSTRAINT "FK_83f07722cf92ce27012101df3d3" FOREIGN KEY ("payload_hash") REFERENCES "raw_payloads"("hash") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "raw_signals" DROP CONSTRAINT "FK_83f07722cf92ce27012101df3d3"');
    await queryRunner.query('DROP INDEX "public"."idx_raw_signals_log_order"');
    await queryRunner.query('CREATE INDEX "idx_raw_signals_observed_at" ON "raw_signals"  ("observed_at") ');
    await queryRunner.query('ALTER TABLE "incidents" DROP COLUMN "graph_payload_hash"');
    await queryRunner.query('ALTER TABLE "incidents" DROP COLUMN "graph_modified_at"');
    // Unreadable items had no place before: they go.
    await queryRunner.query('DELETE FROM "raw_signals" WHERE "unreadable" IS NOT NULL');
    await queryRunner.query('ALTER TABLE "raw_signals" DROP COLUMN "unreadable"');
    await queryRunner.query('ALTER TABLE "raw_signals" ADD "payload" jsonb');
    await queryRunner.query(
      'UPDATE "raw_signals" s SET "payload" = p."payload" FROM "raw_payloads" p WHERE p."hash" = s."payload_hash"',
    );
    await queryRunner.query('ALTER TABLE "raw_signals" ALTER COLUMN "payload" SET NOT NULL');
    await queryRunner.query('ALTER TABLE "raw_signals" DROP COLUMN "payload_hash"');
    await queryRunner.query('DROP TABLE "raw_payloads"');
    await queryRunner.query('DROP TABLE "correlation_cursor"');
  }
}

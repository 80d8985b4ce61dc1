import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What lets ingestor processes share the work (libs/ingestion): `ingestor_members`, one row per living
 * ingestor process, beaten by its source-lock session (whose pid and start identify it, so that a frozen
 * process can be cut off), from which each process takes its share of the sources; and `request_budgets`,
 * the upstream budgets every process spends from (a Graph tenant's 240 a minute and 800 an hour), as the
 * start times of the requests granted within the longest window. Both are coordination state written with
 * plain SQL, not entities.
 */
export class IngestorMembersAndRequestBudgets1795713000000 implements MigrationInterface {
  name = 'IngestorMembersAndRequestBudgets1795713000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "ingestor_members" (
        "id" uuid PRIMARY KEY,
        "backend_pid" integer NOT NULL,
        "backend_start" timestamptz NOT NULL,
        "joined_at" timestamptz NOT NULL DEFAULT now(),
        "heartbeat_at" timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE "request_budgets" (
        "key" text PRIMARY KEY,
        "grants_ms" bigint[] NOT NULL DEFAULT '{}',
        "held_until_ms" bigint NOT NULL DEFAULT 0
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "request_budgets"');
    await queryRunner.query('DROP TABLE "ingestor_members"');
  }
}

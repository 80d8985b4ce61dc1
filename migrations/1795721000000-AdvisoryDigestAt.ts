import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A rule's advisory digest at a local hour: `advisory_digest_at`, when each day's digest periods start. */
export class AdvisoryDigestAt1795721000000 implements MigrationInterface {
  name = 'AdvisoryDigestAt1795721000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notification_rules" ADD "advisory_digest_at" TIME`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notification_rules" DROP COLUMN "advisory_digest_at"`);
  }
}

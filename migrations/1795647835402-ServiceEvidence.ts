import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ServiceEvidence1795647835402 implements MigrationInterface {
  name = 'ServiceEvidence1795647835402';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "service_evidence" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "tenant_id" text, "service_id" text NOT NULL, "channel" "public"."channel" NOT NULL, "level" "public"."health_level" NOT NULL, "status" text NOT NULL, "observed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_5bade372525b4575fef16df6992" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_service_evidence_global" ON "service_evidence"  ("service_id", "channel") WHERE tenant_id IS NULL',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_service_evidence_tenant" ON "service_evidence"  ("tenant_id", "service_id", "channel") WHERE tenant_id IS NOT NULL',
    );
    await queryRunner.query('ALTER TABLE "service_statuses" ADD "stale" boolean NOT NULL DEFAULT false');
    await queryRunner.query(
      'ALTER TABLE "service_evidence" ADD CONSTRAINT "FK_e85042fd0925b1f34185f0e56cc" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "service_evidence" ADD CONSTRAINT "FK_992e9dd142b9924531b3c7501d8" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "service_evidence" DROP CONSTRAINT "FK_992e9dd142b9924531b3c7501d8"',
    );
    await queryRunner.query(
      'ALTER TABLE "service_evidence" DROP CONSTRAINT "FK_e85042fd0925b1f34185f0e56cc"',
    );
    await queryRunner.query('ALTER TABLE "service_statuses" DROP COLUMN "stale"');
    await queryRunner.query('DROP INDEX "public"."uq_service_evidence_tenant"');
    await queryRunner.query('DROP INDEX "public"."uq_service_evidence_global"');
    await queryRunner.query('DROP TABLE "service_evidence"');
  }
}

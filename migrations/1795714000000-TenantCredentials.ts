import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TenantCredentials1795714000000 implements MigrationInterface {
  name = 'TenantCredentials1795714000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."tenant_credential_kind" AS ENUM('secret', 'certificate')`);
    await queryRunner.query(
      `CREATE TABLE "tenant_credentials" ("tenant_id" text NOT NULL, "client_id" text NOT NULL, "kind" "public"."tenant_credential_kind" NOT NULL, "sealed_secret" text NOT NULL, "certificate" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_tenant_credentials" PRIMARY KEY ("tenant_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "tenant_credentials" ADD CONSTRAINT "FK_tenant_credentials_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "tenant_credentials" DROP CONSTRAINT "FK_tenant_credentials_tenant"`,
    );
    await queryRunner.query(`DROP TABLE "tenant_credentials"`);
    await queryRunner.query(`DROP TYPE "public"."tenant_credential_kind"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795647303294 implements MigrationInterface {
  name = 'InitialSchema1795647303294';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "services" ("id" text NOT NULL, "name" text NOT NULL, CONSTRAINT "PK_ba2d347a3168a296416c6c5ccb2" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      "CREATE TYPE \"public\".\"incident_classification\" AS ENUM('INCIDENT', 'ADVISORY', 'UNKNOWN')",
    );
    await queryRunner.query(
      "CREATE TYPE \"public\".\"health_level\" AS ENUM('OPERATIONAL', 'INVESTIGATING', 'DEGRADED', 'INTERRUPTED', 'UNKNOWN')",
    );
    await queryRunner.query(
      'INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (current_database(), $1, $2, $3, $4, $5)',
      [
        'public',
        'incidents',
        'GENERATED_COLUMN',
        'search',
        "to_tsvector('english', coalesce(title, '') || ' ' || coalesce(impact_description, ''))",
      ],
    );
    await queryRunner.query(
      'CREATE TABLE "incidents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "reference" text NOT NULL, "title" text NOT NULL, "service_id" text, "service_name" text, "feature" text, "feature_group" text, "classification" "public"."incident_classification" NOT NULL, "origin" text, "status" text NOT NULL, "level" "public"."health_level" NOT NULL, "is_resolved" boolean NOT NULL, "impact_description" text, "started_at" TIMESTAMP WITH TIME ZONE, "ended_at" TIMESTAMP WITH TIME ZONE, "first_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "provisional" boolean NOT NULL, "post_incident_report_available" boolean NOT NULL DEFAULT false, "search" tsvector GENERATED ALWAYS AS (to_tsvector(\'english\', coalesce(title, \'\') || \' \' || coalesce(impact_description, \'\'))) STORED NOT NULL, CONSTRAINT "UQ_7c1535ac82eb2552e0000721e74" UNIQUE ("reference"), CONSTRAINT "PK_ccb34c01719889017e2246469f9" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_incidents_search" ON "incidents" USING gin ("search") ');
    await queryRunner.query(
      'CREATE INDEX "idx_incidents_window" ON "incidents"  ("started_at", "ended_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_incidents_unresolved" ON "incidents"  ("last_updated_at") WHERE is_resolved = false',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_incidents_service" ON "incidents"  ("service_id", "last_updated_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_incidents_last_updated" ON "incidents"  ("last_updated_at", "reference") ',
    );
    await queryRunner.query(
      'CREATE TABLE "incident_references" ("reference" text NOT NULL, "incident_id" uuid NOT NULL, CONSTRAINT "PK_325f981ba700324953486528567" PRIMARY KEY ("reference"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_incident_references_incident" ON "incident_references"  ("incident_id") ',
    );
    await queryRunner.query("CREATE TYPE \"public\".\"channel\" AS ENUM('GRAPH', 'STATUS_SITE', 'X')");
    await queryRunner.query(
      'CREATE TABLE "incident_sightings" ("incident_id" uuid NOT NULL, "channel" "public"."channel" NOT NULL, "first_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_4e7746f55f197543df7a224a198" PRIMARY KEY ("incident_id", "channel"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_incident_sightings_channel" ON "incident_sightings"  ("channel", "incident_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "tenants" ("id" text NOT NULL, "display_name" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_53be67a04681c66b87ee27c9321" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "incident_tenants" ("incident_id" uuid NOT NULL, "tenant_id" text NOT NULL, "first_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_582e14d4935c6e1571f62fe076f" PRIMARY KEY ("incident_id", "tenant_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_incident_tenants_tenant" ON "incident_tenants"  ("tenant_id", "incident_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "raw_signals" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "channel" "public"."channel" NOT NULL, "tenant_id" text, "kind" text NOT NULL, "external_id" text NOT NULL, "content_hash" text NOT NULL, "observed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE, "payload" jsonb NOT NULL, CONSTRAINT "PK_ef43303d2c5f8cd6bea7788b5de" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_raw_signals_external_id" ON "raw_signals"  ("external_id") ');
    await queryRunner.query('CREATE INDEX "idx_raw_signals_observed_at" ON "raw_signals"  ("observed_at") ');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_raw_signals_global_item" ON "raw_signals"  ("channel", "kind", "external_id", "content_hash") WHERE tenant_id IS NULL',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_raw_signals_tenant_item" ON "raw_signals"  ("channel", "tenant_id", "kind", "external_id", "content_hash") WHERE tenant_id IS NOT NULL',
    );
    await queryRunner.query(
      'INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (current_database(), $1, $2, $3, $4, $5)',
      ['public', 'incident_updates', 'GENERATED_COLUMN', 'search', "to_tsvector('english', text)"],
    );
    await queryRunner.query(
      'CREATE TABLE "incident_updates" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "incident_id" uuid NOT NULL, "channel" "public"."channel" NOT NULL, "external_id" text NOT NULL, "posted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "text" text NOT NULL, "html" text, "kind" text, "raw_signal_id" bigint, "search" tsvector GENERATED ALWAYS AS (to_tsvector(\'english\', text)) STORED NOT NULL, CONSTRAINT "PK_161dab39f96098bce901c2515c0" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_incident_updates_search" ON "incident_updates" USING gin ("search") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_incident_updates_timeline" ON "incident_updates"  ("incident_id", "posted_at") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_incident_updates_post" ON "incident_updates"  ("incident_id", "channel", "external_id") ',
    );
    await queryRunner.query(
      'INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (current_database(), $1, $2, $3, $4, $5)',
      ['public', 'messages', 'GENERATED_COLUMN', 'search', "to_tsvector('english', title || ' ' || body)"],
    );
    await queryRunner.query(
      'CREATE TABLE "messages" ("id" text NOT NULL, "title" text NOT NULL, "category" text, "severity" text, "tags" text array NOT NULL DEFAULT \'{}\', "services" text array NOT NULL DEFAULT \'{}\', "is_major_change" boolean NOT NULL DEFAULT false, "action_required_by" TIMESTAMP WITH TIME ZONE, "started_at" TIMESTAMP WITH TIME ZONE, "ends_at" TIMESTAMP WITH TIME ZONE, "last_modified_at" TIMESTAMP WITH TIME ZONE NOT NULL, "body" text NOT NULL, "body_html" text, "search" tsvector GENERATED ALWAYS AS (to_tsvector(\'english\', title || \' \' || body)) STORED NOT NULL, CONSTRAINT "PK_18325f38ae6de43878487eff986" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_messages_search" ON "messages" USING gin ("search") ');
    await queryRunner.query('CREATE INDEX "idx_messages_services" ON "messages" USING gin ("services") ');
    await queryRunner.query(
      'CREATE INDEX "idx_messages_last_modified" ON "messages"  ("last_modified_at", "id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "message_tenants" ("message_id" text NOT NULL, "tenant_id" text NOT NULL, CONSTRAINT "PK_a262f67c634d65a9a55539ad1a7" PRIMARY KEY ("message_id", "tenant_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_message_tenants_tenant" ON "message_tenants"  ("tenant_id", "message_id") ',
    );
    await queryRunner.query(
      "CREATE TYPE \"public\".\"source_state\" AS ENUM('HEALTHY', 'DEGRADED', 'DOWN', 'DISABLED')",
    );
    await queryRunner.query(
      'CREATE TABLE "sources" ("id" integer GENERATED ALWAYS AS IDENTITY NOT NULL, "channel" "public"."channel" NOT NULL, "tenant_id" text, "state" "public"."source_state" NOT NULL, "last_attempt_at" TIMESTAMP WITH TIME ZONE, "last_success_at" TIMESTAMP WITH TIME ZONE, "consecutive_failures" integer NOT NULL DEFAULT \'0\', "last_error" text, "next_attempt_at" TIMESTAMP WITH TIME ZONE, "cursor" jsonb, CONSTRAINT "PK_85523beafe5a2a6b90b02096443" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_sources_global" ON "sources"  ("channel") WHERE tenant_id IS NULL',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_sources_tenant" ON "sources"  ("channel", "tenant_id") WHERE tenant_id IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE TABLE "poll_runs" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "source_id" integer NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, "duration_ms" integer, "requests" integer NOT NULL DEFAULT \'0\', "signals_seen" integer NOT NULL DEFAULT \'0\', "signals_stored" integer NOT NULL DEFAULT \'0\', "error_kind" text, "error" text, CONSTRAINT "PK_b93ac1a9a03d3b8e54e1fa0c5d6" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_poll_runs_source_started" ON "poll_runs"  ("source_id", "started_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "service_status_changes" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "tenant_id" text NOT NULL, "service_id" text NOT NULL, "level" "public"."health_level" NOT NULL, "status" text NOT NULL, "channel" "public"."channel" NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_8c3e17a622a0245b99f23a13fec" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_service_status_changes_tenant_service_time" ON "service_status_changes"  ("tenant_id", "service_id", "changed_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "service_statuses" ("tenant_id" text NOT NULL, "service_id" text NOT NULL, "level" "public"."health_level" NOT NULL, "status" text NOT NULL, "channel" "public"."channel" NOT NULL, "observed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_1c94831cc2ee142d070b3e1a6c0" PRIMARY KEY ("tenant_id", "service_id"))',
    );
    await queryRunner.query(
      'ALTER TABLE "incidents" ADD CONSTRAINT "FK_29dc73d455eccd994405f591c82" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "incident_references" ADD CONSTRAINT "FK_eb7b9f568fa1a670e3a2f68a38e" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "incident_sightings" ADD CONSTRAINT "FK_aeea7c33ce57c3b05cae3b26a88" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "incident_tenants" ADD CONSTRAINT "FK_251c66c7e8d5cf55c8117813c39" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "incident_tenants" ADD CONSTRAINT "FK_e0afe9d9b53931bf9e835398e55" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "raw_signals" ADD CONSTRAINT "FK_d8845588592868adcc20cae18f4" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "incident_updates" ADD CONSTRAINT "FK_795f420f5198c93365eef6565f2" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "incident_updates" ADD CONSTRAINT "FK_3b3ca2b6c57f5cbcb48321025c9" FOREIGN KEY ("raw_signal_id") REFERENCES "raw_signals"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "message_tenants" ADD CONSTRAINT "FK_eae5f4be04a812336125c07fb9e" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "message_tenants" ADD CONSTRAINT "FK_58ef39d72cd2016da3a345d959a" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "sources" ADD CONSTRAINT "FK_5f5a82b3c01204d3a32632dbdce" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "poll_runs" ADD CONSTRAINT "FK_8f00b2eada523b757ec0c47dadb" FOREIGN KEY ("source_id") REFERENCES "sources"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "service_status_changes" ADD CONSTRAINT "FK_a75482a98de42b8bd236b64edaf" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "service_status_changes" ADD CONSTRAINT "FK_a331ea0fe93c4323fb777d940da" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "service_statuses" ADD CONSTRAINT "FK_7d672d0e22c8bbbb3f8bd2d44fa" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "service_statuses" ADD CONSTRAINT "FK_6cc1cd39fa095dcd98cf3ff38e6" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "service_statuses" DROP CONSTRAINT "FK_6cc1cd39fa095dcd98cf3ff38e6"',
    );
    await queryRunner.query(
      'ALTER TABLE "service_statuses" DROP CONSTRAINT "FK_7d672d0e22c8bbbb3f8bd2d44fa"',
    );
    await queryRunner.query(
      'ALTER TABLE "service_status_changes" DROP CONSTRAINT "FK_a331ea0fe93c4323fb777d940da"',
    );
    await queryRunner.query(
      'ALTER TABLE "service_status_changes" DROP CONSTRAINT "FK_a75482a98de42b8bd236b64edaf"',
    );
    await queryRunner.query('ALTER TABLE "poll_runs" DROP CONSTRAINT "FK_8f00b2eada523b757ec0c47dadb"');
    await queryRunner.query('ALTER TABLE "sources" DROP CONSTRAINT "FK_5f5a82b3c01204d3a32632dbdce"');
    await queryRunner.query('ALTER TABLE "message_tenants" DROP CONSTRAINT "FK_58ef39d72cd2016da3a345d959a"');
    await queryRunner.query('ALTER TABLE "message_tenants" DROP CONSTRAINT "FK_eae5f4be04a812336125c07fb9e"');
    await queryRunner.query(
      'ALTER TABLE "incident_updates" DROP CONSTRAINT "FK_3b3ca2b6c57f5cbcb48321025c9"',
    );
    await queryRunner.query(
      'ALTER TABLE "incident_updates" DROP CONSTRAINT "FK_795f420f5198c93365eef6565f2"',
    );
    await queryRunner.query('ALTER TABLE "raw_signals" DROP CONSTRAINT "FK_d8845588592868adcc20cae18f4"');
    await queryRunner.query(
      'ALTER TABLE "incident_tenants" DROP CONSTRAINT "FK_e0afe9d9b53931bf9e835398e55"',
    );
    await queryRunner.query(
      'ALTER TABLE "incident_tenants" DROP CONSTRAINT "FK_251c66c7e8d5cf55c8117813c39"',
    );
    await queryRunner.query(
      'ALTER TABLE "incident_sightings" DROP CONSTRAINT "FK_aeea7c33ce57c3b05cae3b26a88"',
    );
    await queryRunner.query(
      'ALTER TABLE "incident_references" DROP CONSTRAINT "FK_eb7b9f568fa1a670e3a2f68a38e"',
    );
    await queryRunner.query('ALTER TABLE "incidents" DROP CONSTRAINT "FK_29dc73d455eccd994405f591c82"');
    await queryRunner.query('DROP TABLE "service_statuses"');
    await queryRunner.query('DROP INDEX "public"."idx_service_status_changes_tenant_service_time"');
    await queryRunner.query('DROP TABLE "service_status_changes"');
    await queryRunner.query('DROP INDEX "public"."idx_poll_runs_source_started"');
    await queryRunner.query('DROP TABLE "poll_runs"');
    await queryRunner.query('DROP INDEX "public"."uq_sources_tenant"');
    await queryRunner.query('DROP INDEX "public"."uq_sources_global"');
    await queryRunner.query('DROP TABLE "sources"');
    await queryRunner.query('DROP TYPE "public"."source_state"');
    await queryRunner.query('DROP INDEX "public"."idx_message_tenants_tenant"');
    await queryRunner.query('DROP TABLE "message_tenants"');
    await queryRunner.query('DROP INDEX "public"."idx_messages_last_modified"');
    await queryRunner.query('DROP INDEX "public"."idx_messages_services"');
    await queryRunner.query('DROP INDEX "public"."idx_messages_search"');
    await queryRunner.query('DROP TABLE "messages"');
    await queryRunner.query(
      'DELETE FROM "typeorm_metadata" WHERE "type" = $1 AND "name" = $2 AND "database" = current_database() AND "schema" = $3 AND "table" = $4',
      ['GENERATED_COLUMN', 'search', 'public', 'messages'],
    );
    await queryRunner.query('DROP INDEX "public"."uq_incident_updates_post"');
    await queryRunner.query('DROP INDEX "public"."idx_incident_updates_timeline"');
    await queryRunner.query('DROP INDEX "public"."idx_incident_updates_search"');
    await queryRunner.query('DROP TABLE "incident_updates"');
    await queryRunner.query(
      'DELETE FROM "typeorm_metadata" WHERE "type" = $1 AND "name" = $2 AND "database" = current_database() AND "schema" = $3 AND "table" = $4',
      ['GENERATED_COLUMN', 'search', 'public', 'incident_updates'],
    );
    await queryRunner.query('DROP INDEX "public"."uq_raw_signals_tenant_item"');
    await queryRunner.query('DROP INDEX "public"."uq_raw_signals_global_item"');
    await queryRunner.query('DROP INDEX "public"."idx_raw_signals_observed_at"');
    await queryRunner.query('DROP INDEX "public"."idx_raw_signals_external_id"');
    await queryRunner.query('DROP TABLE "raw_signals"');
    await queryRunner.query('DROP INDEX "public"."idx_incident_tenants_tenant"');
    await queryRunner.query('DROP TABLE "incident_tenants"');
    await queryRunner.query('DROP TABLE "tenants"');
    await queryRunner.query('DROP INDEX "public"."idx_incident_sightings_channel"');
    await queryRunner.query('DROP TABLE "incident_sightings"');
    await queryRunner.query('DROP TYPE "public"."channel"');
    await queryRunner.query('DROP INDEX "public"."idx_incident_references_incident"');
    await queryRunner.query('DROP TABLE "incident_references"');
    await queryRunner.query('DROP INDEX "public"."idx_incidents_last_updated"');
    await queryRunner.query('DROP INDEX "public"."idx_incidents_service"');
    await queryRunner.query('DROP INDEX "public"."idx_incidents_unresolved"');
    await queryRunner.query('DROP INDEX "public"."idx_incidents_window"');
    await queryRunner.query('DROP INDEX "public"."idx_incidents_search"');
    await queryRunner.query('DROP TABLE "incidents"');
    await queryRunner.query(
      'DELETE FROM "typeorm_metadata" WHERE "type" = $1 AND "name" = $2 AND "database" = current_database() AND "schema" = $3 AND "table" = $4',
      ['GENERATED_COLUMN', 'search', 'public', 'incidents'],
    );
    await queryRunner.query('DROP TYPE "public"."health_level"');
    await queryRunner.query('DROP TYPE "public"."incident_classification"');
    await queryRunner.query('DROP TABLE "services"');
  }
}

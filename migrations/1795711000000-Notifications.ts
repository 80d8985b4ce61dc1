import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Notifications (issue 15): targets, rules, the outbox of deliveries, their attempts, and threads. */
export class Notifications1795711000000 implements MigrationInterface {
  name = 'Notifications1795711000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."notification_target_kind" AS ENUM('teams', 'slack_webhook', 'slack_bot', 'webhook', 'email')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."notification_event" AS ENUM('incident_created', 'incident_updated', 'status_changed', 'incident_resolved', 'degraded_entered', 'degraded_left', 'source_down', 'test')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."notification_delivery_state" AS ENUM('pending', 'sent', 'dead', 'superseded')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."notification_attempt_outcome" AS ENUM('sent', 'failed', 'throttled')`,
    );
    await queryRunner.query(
      `CREATE TABLE "notification_targets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "kind" "public"."notification_target_kind" NOT NULL, "config" jsonb NOT NULL DEFAULT '{}', "secrets" jsonb NOT NULL DEFAULT '{}', "enabled" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b9311bc63b4c17b1dd895b511fb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "notification_rules" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "target_id" uuid NOT NULL, "service_ids" text array, "classifications" "public"."incident_classification" array, "levels" "public"."health_level" array, "tenant_ids" text array, "events" "public"."notification_event" array NOT NULL, "source_down_minutes" integer NOT NULL DEFAULT '15', "quiet_from" TIME, "quiet_until" TIME, "quiet_time_zone" text NOT NULL DEFAULT 'UTC', "advisory_digest_minutes" integer, "hold_seconds" integer, "enabled" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_eb87ba4f7f01eabf003fcf4e65c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_notification_rules_target" ON "notification_rules" ("target_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "notification_deliveries" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "target_id" uuid NOT NULL, "rule_id" uuid, "idempotency_key" text NOT NULL, "event" "public"."notification_event" NOT NULL, "ordering_key" text NOT NULL, "incident_id" uuid, "payload" jsonb NOT NULL, "state" "public"."notification_delivery_state" NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, "last_error" text, CONSTRAINT "PK_81daeff81f237bd384f7cfc4a4c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_notification_deliveries_ordering" ON "notification_deliveries" ("target_id", "ordering_key", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_notification_deliveries_due" ON "notification_deliveries" ("target_id", "id") WHERE state = 'pending'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_notification_deliveries_key" ON "notification_deliveries" ("idempotency_key") `,
    );
    await queryRunner.query(
      `CREATE TABLE "notification_attempts" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "delivery_id" bigint NOT NULL, "target_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "outcome" "public"."notification_attempt_outcome" NOT NULL, "status" integer, "error" text, "duration_ms" integer NOT NULL, "retry_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_f6abd34f351bbbf11c7ae8e7565" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_notification_attempts_target" ON "notification_attempts" ("target_id", "at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_notification_attempts_delivery" ON "notification_attempts" ("delivery_id", "at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "notification_threads" ("target_id" uuid NOT NULL, "ordering_key" text NOT NULL, "reference" text NOT NULL, "channel" text, CONSTRAINT "PK_2268ec6b1d96098c8e89121c689" PRIMARY KEY ("target_id", "ordering_key"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification_rules" ADD CONSTRAINT "FK_cd7bb4f5447c022575ede486506" FOREIGN KEY ("target_id") REFERENCES "notification_targets"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification_deliveries" ADD CONSTRAINT "FK_f3668151754f7441ea592b060cb" FOREIGN KEY ("target_id") REFERENCES "notification_targets"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification_deliveries" ADD CONSTRAINT "FK_f99ce3d4fe69b6dce663a00d58c" FOREIGN KEY ("rule_id") REFERENCES "notification_rules"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification_attempts" ADD CONSTRAINT "FK_0985ef455231667dc92f8e1da83" FOREIGN KEY ("delivery_id") REFERENCES "notification_deliveries"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification_threads" ADD CONSTRAINT "FK_3048e00c7a1626588936dfa13fc" FOREIGN KEY ("target_id") REFERENCES "notification_targets"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notification_threads"`);
    await queryRunner.query(`DROP TABLE "notification_attempts"`);
    await queryRunner.query(`DROP TABLE "notification_deliveries"`);
    await queryRunner.query(`DROP TABLE "notification_rules"`);
    await queryRunner.query(`DROP TABLE "notification_targets"`);
    await queryRunner.query(`DROP TYPE "public"."notification_attempt_outcome"`);
    await queryRunner.query(`DROP TYPE "public"."notification_delivery_state"`);
    await queryRunner.query(`DROP TYPE "public"."notification_event"`);
    await queryRunner.query(`DROP TYPE "public"."notification_target_kind"`);
  }
}

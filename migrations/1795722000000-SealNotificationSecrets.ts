import { sealSecret, Secret, unsealSecret } from '#config';
import type { MigrationInterface, QueryRunner } from 'typeorm';

interface TargetRow {
  id: string;
  secrets: Record<string, string>;
}

/**
 * Seals the notification targets' secrets that were stored in the clear, each value as
 * libs/notifications/src/target-secrets.ts does (AES-256-GCM under TENANT_CREDENTIALS_KEY, bound to the
 * target and the secret's name); `down` opens them again. Migrations get no configuration, so the key is
 * read from the environment (start-up has validated it). Without the key, a database holding secrets is not
 * migrated: the start stops with the fix in the message, and no secret is lost or left in the clear.
 */
export class SealNotificationSecrets1795722000000 implements MigrationInterface {
  name = 'SealNotificationSecrets1795722000000';

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async up(queryRunner: QueryRunner): Promise<void> {
    await this.convert(queryRunner, (value, key, context) => sealSecret(value, key, context));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await this.convert(queryRunner, (value, key, context) => unsealSecret(value, key, context));
  }

  private async convert(
    queryRunner: QueryRunner,
    change: (value: string, key: Secret, context: string) => string,
  ): Promise<void> {
    const rows: TargetRow[] = await queryRunner.query(
      `SELECT id, secrets FROM notification_targets WHERE secrets <> '{}'::jsonb ORDER BY id FOR UPDATE`,
    );
    if (rows.length === 0) return;
    const key = this.key(rows.length);
    for (const { id, secrets } of rows) {
      const changed = Object.fromEntries(
        Object.entries(secrets).map(([name, value]) => [
          name,
          change(value, key, `notification-target/${id}/${name}`),
        ]),
      );
      await queryRunner.query(`UPDATE notification_targets SET secrets = $2 WHERE id = $1`, [id, changed]);
    }
  }

  private key(targets: number): Secret {
    const value = this.env.TENANT_CREDENTIALS_KEY?.trim();
    if (!value || Buffer.from(value, 'base64').length !== 32) {
      throw new Error(
        `${targets} notification target(s) hold secrets that this migration seals with TENANT_CREDENTIALS_KEY: ` +
          'set it (32 random bytes, base64, e.g. `openssl rand -base64 32`) on every process and start again',
      );
    }
    return new Secret(value);
  }
}

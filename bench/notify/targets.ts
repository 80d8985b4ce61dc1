import { randomUUID } from 'node:crypto';
import type { Secret } from '#config';
import { sealTargetSecrets } from '#notifications';
import type { NotificationTargetKind } from '#persistence';
import type pg from 'pg';

/** How a benchmark target is found again at the receiver. */
export interface BenchTarget {
  id: string;
  kind: NotificationTargetKind;
  /** The receiver's inbox key (see apps/simulator/README.md, "Notification receivers"). */
  inbox: string;
}

export const KINDS: NotificationTargetKind[] = ['teams', 'slack_webhook', 'slack_bot', 'webhook', 'email'];

/**
 * `count` targets, the five kinds in turn, each pointing at its own place on the simulator's receivers,
 * each with one rule for every incident event and no hold time (the hold is a wait chosen by the admin,
 * not the machinery's latency).
 */
export async function seedTargets(
  client: pg.Client,
  count: number,
  receivers: { http: string; smtp: { host: string; port: number }; slackBotToken: string },
  secretsKey: Secret,
): Promise<BenchTarget[]> {
  const targets: BenchTarget[] = [];
  for (let n = 0; n < count; n += 1) {
    const kind = KINDS[n % KINDS.length]!;
    const { config, secrets, inbox } = settings(kind, n, receivers);
    const id = randomUUID();
    await client.query(
      `INSERT INTO notification_targets (id, name, kind, config, secrets) VALUES ($1, $2, $3, $4, $5)`,
      [id, `bench ${kind} ${n}`, kind, config, sealTargetSecrets(secrets, secretsKey, id)],
    );
    await client.query(
      `INSERT INTO notification_rules (target_id, events, hold_seconds)
       VALUES ($1, '{incident_created,incident_updated,incident_resolved}', 0)`,
      [id],
    );
    targets.push({ id, kind, inbox });
  }
  return targets;
}

function settings(
  kind: NotificationTargetKind,
  n: number,
  receivers: { http: string; smtp: { host: string; port: number }; slackBotToken: string },
): { config: Record<string, unknown>; secrets: Record<string, string>; inbox: string } {
  switch (kind) {
    case 'teams':
      return { config: {}, secrets: { url: `${receivers.http}/teams/${n}` }, inbox: `/teams/${n}` };
    case 'slack_webhook':
      return {
        config: {},
        secrets: { url: `${receivers.http}/slack/hooks/T0/B${n}/x` },
        inbox: `/slack/hooks/T0/B${n}/x`,
      };
    case 'slack_bot':
      return {
        config: { channel: `C${n}` },
        secrets: { token: receivers.slackBotToken },
        inbox: `slack:C${n}`,
      };
    case 'webhook':
      return {
        config: {},
        secrets: { url: `${receivers.http}/webhooks/${n}`, hmacSecret: 'bench-hmac-secret-0123456789' },
        inbox: `/webhooks/${n}`,
      };
    case 'email':
      return {
        config: {
          host: receivers.smtp.host,
          port: receivers.smtp.port,
          secure: false,
          user: null,
          from: 'beacon@bench.test',
          to: [`ops${n}@bench.test`],
        },
        secrets: {},
        inbox: `ops${n}@bench.test`,
      };
  }
}

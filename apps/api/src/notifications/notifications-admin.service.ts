import { randomUUID } from 'node:crypto';
import { BEACON_CONFIG, type BeaconConfig } from '#config';
import {
  type DeadLetterSelection,
  enqueueTestNotification,
  openTargetSecrets,
  type RetriedDeadLetter,
  retryDeadLetters,
  sealTargetSecrets,
} from '#notifications';
import {
  AuditLogRepository,
  NotificationLogRepository,
  type NotificationRuleEntity,
  type NotificationTargetEntity,
  NotificationTargetsRepository,
} from '#persistence';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { badUserInput } from '../errors/api.error.js';
import type {
  CreateNotificationRuleInput,
  NotificationRuleModel,
  UpdateNotificationRuleInput,
} from './notification-rule.models.js';
import { DEFAULT_RULE, ruleSettings, type RuleSettings } from './notification-rule.settings.js';
import type {
  CreateNotificationTargetInput,
  NotificationTargetModel,
  UpdateNotificationTargetInput,
} from './notification-target.models.js';
import { targetName, targetSettings } from './notification-target.settings.js';
import { TenantScopeService } from '../tenants/tenant-scope.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A uuid, or null for a string that cannot be one (an unknown id, not a database error). */
export function asUuid(id: string): string | null {
  return UUID.test(id) ? id.toLowerCase() : null;
}

/**
 * Targets, rules and "send a test", for admins. Each change and its audit entry commit together, and the
 * audit entry names what changed but never a secret's value. `actor` says who.
 */
@Injectable()
export class NotificationsAdminService {
  constructor(
    @Inject(BEACON_CONFIG) private readonly config: BeaconConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: NotificationTargetsRepository,
    private readonly log: NotificationLogRepository,
    private readonly audit: AuditLogRepository,
    private readonly tenants: TenantScopeService,
  ) {}

  async targets(): Promise<NotificationTargetModel[]> {
    return this.models(await this.store.targets());
  }

  async target(id: string): Promise<NotificationTargetModel | null> {
    const uuid = asUuid(id);
    const found = uuid === null ? null : await this.store.target(uuid);
    return found === null ? null : (await this.models([found]))[0]!;
  }

  async createTarget(input: CreateNotificationTargetInput, actor: string): Promise<NotificationTargetModel> {
    const name = targetName(input.name);
    const { config, secrets } = targetSettings(input.kind, settingsOf(input));
    const id = randomUUID();
    const sealed = this.sealed(secrets, id);
    await this.dataSource.transaction(async (manager) => {
      await this.store.insertTarget(manager, {
        id,
        name,
        kind: input.kind,
        config,
        secrets: sealed,
        enabled: input.enabled ?? true,
      });
      await this.audit.append(manager, {
        actor,
        action: 'notification.target.create',
        target: id,
        details: { name, kind: input.kind, config, secretsSet: Object.keys(secrets).sort() },
      });
    });
    return this.target(id) as Promise<NotificationTargetModel>;
  }

  async updateTarget(
    id: string,
    input: UpdateNotificationTargetInput,
    actor: string,
  ): Promise<NotificationTargetModel> {
    await this.dataSource.transaction(async (manager) => {
      const target = await this.store.targetForUpdate(manager, this.knownTargetId(id));
      if (target === null) throw unknown('target', id);
      const name = input.name == null ? target.name : targetName(input.name);
      const current = { config: target.config, secrets: this.opened(target.secrets, target.id) };
      const settings = targetSettings(target.kind, settingsOf(input), current);
      const enabled = input.enabled ?? target.enabled;
      const secretsChanged = Object.keys({ ...current.secrets, ...settings.secrets })
        .filter((key) => current.secrets[key] !== settings.secrets[key])
        .sort();
      const secrets = secretsChanged.length === 0 ? target.secrets : this.sealed(settings.secrets, target.id);
      await this.store.updateTarget(manager, {
        id: target.id,
        name,
        enabled,
        config: settings.config,
        secrets,
      });
      await this.audit.append(manager, {
        actor,
        action: 'notification.target.update',
        target: target.id,
        details: { name, enabled, config: settings.config, secretsChanged },
      });
    });
    return this.target(id) as Promise<NotificationTargetModel>;
  }

  /** Its rules and every delivery owed to it go with it. */
  async deleteTarget(id: string, actor: string): Promise<NotificationTargetModel> {
    const before = await this.target(id);
    if (before === null) throw unknown('target', id);
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.store.deleteTarget(manager, before.id))) throw unknown('target', id);
      await this.audit.append(manager, {
        actor,
        action: 'notification.target.delete',
        target: before.id,
        details: { name: before.name, kind: before.kind },
      });
    });
    return before;
  }

  async createRule(input: CreateNotificationRuleInput, actor: string): Promise<NotificationRuleModel> {
    const targetId = this.knownTargetId(input.targetId, 'targetId');
    const settings = ruleSettings(input, DEFAULT_RULE, await this.tenants.known());
    const rule = await this.dataSource.transaction(async (manager) => {
      if ((await this.store.target(targetId, manager)) === null)
        throw unknown('target', input.targetId, 'targetId');
      const saved = await this.store.insertRule(manager, { targetId, ...settings });
      await this.audit.append(manager, {
        actor,
        action: 'notification.rule.create',
        target: saved.id,
        details: { targetId, ...settings },
      });
      return saved;
    });
    return ruleModel(rule);
  }

  async updateRule(
    id: string,
    input: UpdateNotificationRuleInput,
    actor: string,
  ): Promise<NotificationRuleModel> {
    const tenants = await this.tenants.known();
    const rule = await this.dataSource.transaction(async (manager) => {
      const current = await this.lockedRule(manager, id);
      const settings = ruleSettings(input, storedSettings(current), tenants);
      await this.store.updateRule(manager, current.id, settings);
      await this.audit.append(manager, {
        actor,
        action: 'notification.rule.update',
        target: current.id,
        details: { targetId: current.targetId, ...settings },
      });
      return { ...current, ...settings };
    });
    return ruleModel(rule);
  }

  async deleteRule(id: string, actor: string): Promise<NotificationRuleModel> {
    const rule = await this.dataSource.transaction(async (manager) => {
      const current = await this.lockedRule(manager, id);
      await this.store.deleteRule(manager, current.id);
      await this.audit.append(manager, {
        actor,
        action: 'notification.rule.delete',
        target: current.id,
        details: { targetId: current.targetId, events: current.events },
      });
      return current;
    });
    return ruleModel(rule);
  }

  /** Owes the target a test message, sent by the dispatcher like any other delivery; its id. */
  async sendTest(targetId: string, actor: string): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const target = await this.store.target(this.knownTargetId(targetId, 'targetId'), manager);
      if (target === null) throw unknown('target', targetId, 'targetId');
      await enqueueTestNotification(manager, target.id, new Date());
      const deliveryId = (await this.log.newestTest(manager, target.id))!;
      await this.audit.append(manager, {
        actor,
        action: 'notification.test',
        target: target.id,
        details: { name: target.name, deliveryId },
      });
      return deliveryId;
    });
  }

  /**
   * Puts dead letters back in the outbox in their place (one, or every one of a target); one whose incident
   * was delivered a later change meanwhile is superseded instead, never sent out of order (retryDeadLetters).
   */
  async retryDeadLetters(selection: DeadLetterSelection, actor: string): Promise<RetriedDeadLetter[]> {
    const checked: DeadLetterSelection =
      'deliveryId' in selection
        ? { deliveryId: knownDeliveryId(selection.deliveryId) }
        : { targetId: this.knownTargetId(selection.targetId, 'targetId') };
    return this.dataSource.transaction(async (manager) => {
      if ('targetId' in checked && (await this.store.target(checked.targetId, manager)) === null) {
        throw unknown('target', checked.targetId, 'targetId');
      }
      const retried = await retryDeadLetters(manager, checked);
      if ('deliveryId' in checked && retried.length === 0) {
        throw notDead(checked.deliveryId, await this.log.stateOf(manager, checked.deliveryId));
      }
      for (const [targetId, letters] of Map.groupBy(retried, (letter) => letter.targetId)) {
        await this.audit.append(manager, {
          actor,
          action: 'notification.deadLetters.retry',
          target: targetId,
          details: {
            pending: letters.filter((letter) => letter.state === 'pending').map((letter) => letter.id),
            superseded: letters.filter((letter) => letter.state === 'superseded').map((letter) => letter.id),
          },
        });
      }
      return retried;
    });
  }

  private async lockedRule(manager: EntityManager, id: string): Promise<NotificationRuleEntity> {
    const uuid = asUuid(id);
    const rule = uuid === null ? null : await this.store.ruleForUpdate(manager, uuid);
    if (rule === null) throw unknown('rule', id);
    return rule;
  }

  /**
   * Secrets are stored sealed under TENANT_CREDENTIALS_KEY, as tenant credentials are; without the key a
   * target that needs a secret cannot be stored (an e-mail target without a password can).
   */
  private sealed(secrets: Record<string, string>, targetId: string): Record<string, string> {
    if (Object.keys(secrets).length === 0) return {};
    const key = this.config.tenantCredentialsKey;
    if (!key) throw noKey();
    return sealTargetSecrets(secrets, key, targetId);
  }

  private opened(sealed: Record<string, string>, targetId: string): Record<string, string> {
    try {
      return openTargetSecrets(sealed, this.config.tenantCredentialsKey, targetId);
    } catch (error) {
      throw badUserInput(`this target's secrets do not open: ${(error as Error).message}`, 'id');
    }
  }

  private knownTargetId(id: string, argument = 'id'): string {
    const uuid = asUuid(id);
    if (uuid === null) throw unknown('target', id, argument);
    return uuid;
  }

  private async models(targets: NotificationTargetEntity[]): Promise<NotificationTargetModel[]> {
    const ids = targets.map((target) => target.id);
    const [rules, secretNames, counts] = await Promise.all([
      this.store.rules(ids),
      this.store.secretNames(ids),
      this.store.deliveryCounts(ids),
    ]);
    const rulesOf = Map.groupBy(rules, (rule) => rule.targetId);
    return targets.map((target) => {
      const email = target.kind === 'email' ? target.config : null;
      return {
        id: target.id,
        name: target.name,
        kind: target.kind,
        enabled: target.enabled,
        slackChannel: typeof target.config.channel === 'string' ? target.config.channel : null,
        email: email && {
          host: String(email.host),
          port: Number(email.port),
          secure: email.secure === true,
          user: typeof email.user === 'string' ? email.user : null,
          from: String(email.from),
          to: Array.isArray(email.to) ? email.to.map(String) : [],
        },
        secretsSet: secretNames.get(target.id) ?? [],
        rules: (rulesOf.get(target.id) ?? []).map(ruleModel),
        pendingCount: counts.get(target.id)?.pending ?? 0,
        deadCount: counts.get(target.id)?.dead ?? 0,
        createdAt: target.createdAt,
        updatedAt: target.updatedAt,
      };
    });
  }
}

/** The settings part of a target input (what `targetSettings` checks by kind). */
function settingsOf(input: UpdateNotificationTargetInput | CreateNotificationTargetInput) {
  const { url, hmacSecret, botToken, slackChannel, email } = input;
  return { url, hmacSecret, botToken, slackChannel, email };
}

function storedSettings(rule: NotificationRuleEntity): RuleSettings {
  return {
    events: rule.events,
    serviceIds: rule.serviceIds,
    classifications: rule.classifications,
    levels: rule.levels,
    tenantIds: rule.tenantIds,
    sourceDownMinutes: rule.sourceDownMinutes,
    quietFrom: rule.quietFrom?.slice(0, 5) ?? null,
    quietUntil: rule.quietUntil?.slice(0, 5) ?? null,
    quietTimeZone: rule.quietTimeZone,
    advisoryDigestMinutes: rule.advisoryDigestMinutes,
    advisoryDigestAt: rule.advisoryDigestAt?.slice(0, 5) ?? null,
    holdSeconds: rule.holdSeconds,
    enabled: rule.enabled,
  };
}

export function ruleModel(rule: NotificationRuleEntity): NotificationRuleModel {
  const settings = storedSettings(rule);
  return {
    id: rule.id,
    targetId: rule.targetId,
    enabled: settings.enabled,
    events: settings.events,
    serviceIds: settings.serviceIds,
    classifications: settings.classifications,
    levels: settings.levels,
    tenantIds: settings.tenantIds,
    sourceDownMinutes: settings.sourceDownMinutes,
    quietHours:
      settings.quietFrom && settings.quietUntil
        ? { from: settings.quietFrom, until: settings.quietUntil, timeZone: settings.quietTimeZone }
        : null,
    advisoryDigestMinutes: settings.advisoryDigestMinutes,
    advisoryDigestAt: settings.advisoryDigestAt,
    timeZone: settings.quietTimeZone,
    holdSeconds: settings.holdSeconds,
    createdAt: rule.createdAt,
  };
}

function knownDeliveryId(id: string): string {
  if (!/^\d{1,18}$/.test(id))
    throw badUserInput(`no notification delivery has the id ${id.slice(0, 100)}`, 'id');
  return id;
}

/** Why a delivery asked to be retried was not: unknown, or not a dead letter. */
function notDead(id: string, state: string | undefined) {
  return state === undefined
    ? badUserInput(`no notification delivery has the id ${id}`, 'id')
    : badUserInput(`delivery ${id} is ${state.toUpperCase()}: only a DEAD one can be retried`, 'id');
}

function noKey() {
  return badUserInput(
    'this Beacon cannot store secrets: set TENANT_CREDENTIALS_KEY (32 random bytes, base64) on every process',
  );
}

function unknown(what: 'target' | 'rule', id: string, argument = 'id') {
  return badUserInput(`no notification ${what} has the id ${id.slice(0, 100)}`, argument);
}

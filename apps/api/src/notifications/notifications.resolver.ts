import type { NotificationDeliveryState } from '#persistence';
import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.guard.js';
import { listCost, pageCost } from '../graphql/query-cost.util.js';
import {
  NotificationDeadLetterRetryModel,
  NotificationDeliveryConnectionModel,
  NotificationDeliveryModel,
} from './notification-delivery.models.js';
import { NotificationDeliveryStateEnum } from './notification.enums.js';
import { NotificationLogService } from './notification-log.service.js';
import {
  CreateNotificationRuleInput,
  NotificationRuleModel,
  UpdateNotificationRuleInput,
} from './notification-rule.models.js';
import {
  CreateNotificationTargetInput,
  NotificationTargetModel,
  UpdateNotificationTargetInput,
} from './notification-target.models.js';
import { NotificationsAdminService } from './notifications-admin.service.js';

/** A handful of targets is usual; an estimate for the query cost, not a limit. */
const TARGETS_LIST_SIZE = 20;

/**
 * Notification targets, rules, the delivery log and dead letters, for admins. Every change is audited under
 * the acting key's name; secrets are write-only.
 */
@Resolver()
@Roles('admin')
export class NotificationsResolver {
  constructor(
    private readonly admin: NotificationsAdminService,
    private readonly log: NotificationLogService,
  ) {}

  @Query(() => [NotificationTargetModel], {
    description: 'Oldest first. Admins only.',
    complexity: listCost(TARGETS_LIST_SIZE),
  })
  notificationTargets(): Promise<NotificationTargetModel[]> {
    return this.admin.targets();
  }

  @Query(() => NotificationTargetModel, { nullable: true, description: 'Admins only.' })
  notificationTarget(@Args('id', { type: () => ID }) id: string): Promise<NotificationTargetModel | null> {
    return this.admin.target(id);
  }

  @Query(() => NotificationDeliveryConnectionModel, {
    description: 'The delivery log, newest first, with every attempt. Admins only.',
    complexity: pageCost,
  })
  notificationDeliveries(
    @Args('targetId', { type: () => ID, nullable: true }) targetId: string | null,
    @Args('state', { type: () => NotificationDeliveryStateEnum, nullable: true })
    state: NotificationDeliveryState | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<NotificationDeliveryConnectionModel> {
    return this.log.page({ targetId, state }, first, after);
  }

  @Query(() => NotificationDeliveryConnectionModel, {
    description: 'Deliveries given up on after their last attempt, newest first. Admins only.',
    complexity: pageCost,
  })
  notificationDeadLetters(
    @Args('targetId', { type: () => ID, nullable: true }) targetId: string | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<NotificationDeliveryConnectionModel> {
    return this.log.page({ targetId, state: 'dead' }, first, after);
  }

  @Mutation(() => NotificationTargetModel)
  createNotificationTarget(
    @Args('input', { type: () => CreateNotificationTargetInput }) input: CreateNotificationTargetInput,
    @Context('principal') principal: Principal,
  ): Promise<NotificationTargetModel> {
    return this.admin.createTarget(input, principal.name);
  }

  @Mutation(() => NotificationTargetModel, { description: 'What is left out is kept, secrets too.' })
  updateNotificationTarget(
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => UpdateNotificationTargetInput }) input: UpdateNotificationTargetInput,
    @Context('principal') principal: Principal,
  ): Promise<NotificationTargetModel> {
    return this.admin.updateTarget(id, input, principal.name);
  }

  @Mutation(() => NotificationTargetModel, {
    description: 'Its rules and the deliveries owed to it go with it; the answer is the target as it was.',
  })
  deleteNotificationTarget(
    @Args('id', { type: () => ID }) id: string,
    @Context('principal') principal: Principal,
  ): Promise<NotificationTargetModel> {
    return this.admin.deleteTarget(id, principal.name);
  }

  @Mutation(() => NotificationRuleModel)
  createNotificationRule(
    @Args('input', { type: () => CreateNotificationRuleInput }) input: CreateNotificationRuleInput,
    @Context('principal') principal: Principal,
  ): Promise<NotificationRuleModel> {
    return this.admin.createRule(input, principal.name);
  }

  @Mutation(() => NotificationRuleModel, { description: 'A field left out is kept; null clears it.' })
  updateNotificationRule(
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => UpdateNotificationRuleInput }) input: UpdateNotificationRuleInput,
    @Context('principal') principal: Principal,
  ): Promise<NotificationRuleModel> {
    return this.admin.updateRule(id, input, principal.name);
  }

  @Mutation(() => NotificationRuleModel, { description: 'The answer is the rule as it was.' })
  deleteNotificationRule(
    @Args('id', { type: () => ID }) id: string,
    @Context('principal') principal: Principal,
  ): Promise<NotificationRuleModel> {
    return this.admin.deleteRule(id, principal.name);
  }

  @Mutation(() => NotificationDeliveryModel, {
    description: 'Owes the target a test message, sent like any other delivery (see notificationDeliveries).',
  })
  async sendTestNotification(
    @Args('targetId', { type: () => ID }) targetId: string,
    @Context('principal') principal: Principal,
  ): Promise<NotificationDeliveryModel> {
    const id = await this.admin.sendTest(targetId, principal.name);
    return (await this.log.delivery(id))!;
  }

  @Mutation(() => NotificationDeliveryModel, {
    description:
      'Puts a dead letter back in the outbox, in its place (before anything later of its incident still owed), ' +
      'with a fresh count of attempts. If a later change of its incident (or service) reached the target ' +
      'since, it is not sent (that would go out of order) but SUPERSEDED. The answer is the delivery now.',
  })
  async retryNotificationDelivery(
    @Args('id', { type: () => ID }) id: string,
    @Context('principal') principal: Principal,
  ): Promise<NotificationDeliveryModel> {
    await this.admin.retryDeadLetters({ deliveryId: id }, principal.name);
    return (await this.log.delivery(id))!;
  }

  @Mutation(() => NotificationDeadLetterRetryModel, {
    description: 'Retries every dead letter of the target, as retryNotificationDelivery does each.',
  })
  async retryNotificationDeadLetters(
    @Args('targetId', { type: () => ID }) targetId: string,
    @Context('principal') principal: Principal,
  ): Promise<NotificationDeadLetterRetryModel> {
    const retried = await this.admin.retryDeadLetters({ targetId }, principal.name);
    const pending = retried.filter((letter) => letter.state === 'pending').length;
    return { pending, superseded: retried.length - pending };
  }
}

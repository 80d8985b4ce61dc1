import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { badUserInput } from '../errors/api.error.js';
import { AccessService } from './access.service.js';
import { ApiKeyAdminService, type NewApiKey } from './api-key-admin.service.js';
import { AuditEntryModel, ApiKeyModel, CreateApiKeyInput, NewApiKeyModel } from './api-key.models.js';
import { AuditLogRepository } from '#persistence';
import type { Principal } from './principal.js';
import { Roles } from './roles.guard.js';

const AUDIT_PAGE = { default: 50, max: 200 } as const;

/** Key management and the audit log, for admins. Every change is audited under the acting key's name. */
@Resolver()
@Roles('admin')
export class ApiKeysResolver {
  constructor(
    private readonly admin: ApiKeyAdminService,
    private readonly audit: AuditLogRepository,
    private readonly access: AccessService,
  ) {}

  @Query(() => [ApiKeyModel], { description: 'Admins only.' })
  apiKeys(
    @Args('includeRevoked', { type: () => Boolean, nullable: true, defaultValue: false })
    includeRevoked: boolean | null,
  ): Promise<ApiKeyModel[]> {
    return this.admin.list(includeRevoked ?? false);
  }

  @Query(() => [AuditEntryModel], { description: 'Newest first. Admins only.' })
  async auditLog(
    @Args('first', { type: () => Int, nullable: true, defaultValue: AUDIT_PAGE.default })
    first: number | null,
    @Args('before', { type: () => ID, nullable: true, description: 'The id of the last entry already read.' })
    before: string | null,
  ): Promise<AuditEntryModel[]> {
    const size = first ?? AUDIT_PAGE.default;
    if (size < 1 || size > AUDIT_PAGE.max)
      throw badUserInput(`first must be 1 to ${AUDIT_PAGE.max}`, 'first');
    if (before != null && !/^\d{1,18}$/.test(before))
      throw badUserInput('before must be an entry id', 'before');
    const rows = await this.audit.list(size, before ?? null);
    return rows.map((row) => ({ ...row, details: JSON.stringify(row.details) }));
  }

  @Mutation(() => NewApiKeyModel, { description: 'The key is in the answer, and nowhere else, ever.' })
  async createApiKey(
    @Args('input', { type: () => CreateApiKeyInput }) input: CreateApiKeyInput,
    @Context('principal') principal: Principal,
  ): Promise<NewApiKeyModel> {
    return this.changed(await this.admin.create(input, principal.name));
  }

  @Mutation(() => ApiKeyModel, { description: 'It stops working within seconds in every Beacon process.' })
  async revokeApiKey(
    @Args('id', { type: () => ID }) id: string,
    @Context('principal') principal: Principal,
  ): Promise<ApiKeyModel> {
    const revoked = await this.admin.revoke(id, principal.name);
    this.access.forget();
    return revoked;
  }

  @Mutation(() => NewApiKeyModel, {
    description: 'A new key with the same name, role and tenants; the old one is revoked.',
  })
  async rotateApiKey(
    @Args('id', { type: () => ID }) id: string,
    @Context('principal') principal: Principal,
  ): Promise<NewApiKeyModel> {
    return this.changed(await this.admin.rotate(id, principal.name));
  }

  private changed({ key, record }: NewApiKey): NewApiKeyModel {
    this.access.forget();
    return { key, apiKey: record };
  }
}

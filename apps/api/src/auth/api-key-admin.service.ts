import {
  API_KEY_ROLES,
  type ApiKeyRecord,
  type ApiKeyRole,
  ApiKeysRepository,
  AuditLogRepository,
} from '#persistence';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { badUserInput } from '../errors/api.error.js';
import { generateApiKey } from './api-key.secret.js';
import { TenantScopeService } from '../tenants/tenant-scope.service.js';

export interface NewApiKey {
  /** The key itself: shown this once, stored only as its digest. */
  key: string;
  record: ApiKeyRecord;
}

export interface ApiKeySpec {
  name: string;
  role: ApiKeyRole;
  /** null or left out: every tenant. */
  tenantIds?: readonly string[] | null;
}

const MAX_NAME_LENGTH = 100;

/**
 * Creates, revokes and rotates keys (for `npm run keys` and the admin mutations). Each action and its
 * audit entry commit together: there is no key change the audit log does not show. `actor` says who.
 */
@Injectable()
export class ApiKeyAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keys: ApiKeysRepository,
    private readonly audit: AuditLogRepository,
    private readonly tenants: TenantScopeService,
  ) {}

  list(includeRevoked = false): Promise<ApiKeyRecord[]> {
    return this.keys.list(includeRevoked);
  }

  async create(spec: ApiKeySpec, actor: string): Promise<NewApiKey> {
    const valid = this.validate(spec, await this.tenants.known());
    return this.dataSource.transaction(async (manager) => {
      const { key, prefix, digest } = generateApiKey();
      const record = await this.keys.insert(manager, { ...valid, prefix, digest });
      await this.audit.append(manager, {
        actor,
        action: 'key.create',
        target: record.id,
        details: { name: record.name, prefix, role: record.role, tenantIds: record.tenantIds },
      });
      return { key, record };
    });
  }

  /** Revoking a revoked key changes nothing and records nothing. */
  revoke(id: string, actor: string): Promise<ApiKeyRecord> {
    return this.dataSource.transaction(async (manager) => {
      const found = await this.keys.find(id, manager);
      if (!found) throw unknownKey(id);
      if (found.revokedAt) return found;
      const record = await this.keys.revoke(manager, found.id);
      await this.audit.append(manager, {
        actor,
        action: 'key.revoke',
        target: record.id,
        details: { name: record.name, prefix: record.prefix },
      });
      return record;
    });
  }

  /** A new key with the same name, role and tenants; the old one is revoked in the same transaction. */
  rotate(id: string, actor: string): Promise<NewApiKey> {
    return this.dataSource.transaction(async (manager) => {
      const old = await this.keys.find(id, manager);
      if (!old) throw unknownKey(id);
      if (old.revokedAt) throw badUserInput(`key ${id} is revoked: create a new one instead`, 'id');
      await this.keys.revoke(manager, old.id);
      const { key, prefix, digest } = generateApiKey();
      const record = await this.keys.insert(manager, {
        name: old.name,
        role: old.role,
        tenantIds: old.tenantIds,
        prefix,
        digest,
      });
      await this.audit.append(manager, {
        actor,
        action: 'key.rotate',
        target: old.id,
        details: { name: old.name, oldPrefix: old.prefix, newId: record.id, newPrefix: prefix },
      });
      return { key, record };
    });
  }

  private validate(
    spec: ApiKeySpec,
    known: string[],
  ): { name: string; role: ApiKeyRole; tenantIds: string[] | null } {
    const name = spec.name.trim();
    if (name.length === 0 || name.length > MAX_NAME_LENGTH) {
      throw badUserInput(`a key needs a name of 1 to ${MAX_NAME_LENGTH} characters`, 'name');
    }
    if (!API_KEY_ROLES.includes(spec.role)) {
      throw badUserInput(`the role must be one of ${API_KEY_ROLES.join(', ')}`, 'role');
    }
    if (spec.tenantIds === null || spec.tenantIds === undefined)
      return { name, role: spec.role, tenantIds: null };
    const tenantIds = [...new Set(spec.tenantIds.map((id) => id.trim()))];
    if (tenantIds.length === 0) {
      throw badUserInput('give at least one tenant, or none at all for every tenant', 'tenantIds');
    }
    const unknown = tenantIds.filter((id) => !known.includes(id));
    if (unknown.length > 0) {
      throw badUserInput(
        `not a configured tenant: ${unknown.map((id) => id.slice(0, 100)).join(', ')}` +
          (known.length ? ` (configured: ${known.join(', ')})` : ''),
        'tenantIds',
      );
    }
    return { name, role: spec.role, tenantIds };
  }
}

function unknownKey(id: string) {
  return badUserInput(`no key has the id ${id.slice(0, 100)}`, 'id');
}

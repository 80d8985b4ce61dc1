import { readsTenant } from '#domain';
import type { ApiKeyRole } from '#persistence';
import { ApiError } from '../errors/api.error.js';

/**
 * Who a request acts as: the key it presented (a stored key, or one of `API_KEYS`), or, on a loopback
 * Beacon that has no key at all, the local user. Every GraphQL context carries one.
 */
export interface Principal {
  /** The stored key's id, `API_KEYS#n`, or `local`. */
  id: string;
  /** What the audit log shows: the key's name and prefix. */
  name: string;
  role: ApiKeyRole;
  /** The tenants whose views it reads; null: every tenant. */
  tenantIds: readonly string[] | null;
}

const RANK: Record<ApiKeyRole, number> = { viewer: 0, analyst: 1, admin: 2 };

export function hasRole(principal: Principal, role: ApiKeyRole): boolean {
  return RANK[principal.role] >= RANK[role];
}

/**
 * The seam for features that need more than reading status: call it first in a resolver (or use
 * `@Roles()` on it). Viewers read status, incidents, messages and subscriptions; analysts also history,
 * statistics and exports; admins also keys and the audit log.
 */
export function requireRole(context: { principal: Principal }, role: ApiKeyRole): void {
  if (!hasRole(context.principal, role)) {
    throw new ApiError(
      'FORBIDDEN',
      `this needs a key with the ${role} role (this key is ${context.principal.role})`,
    );
  }
}

/** Whether the principal may read a tenant's view (its tenant set, or every tenant). */
export function canReadTenant(principal: Principal, tenantId: string): boolean {
  return readsTenant(principal.tenantIds, tenantId);
}

/** The tenants of a list (an incident's, a message's) that the principal may know of. */
export function readableTenants(principal: Principal, tenantIds: readonly string[]): string[] {
  return tenantIds.filter((tenantId) => canReadTenant(principal, tenantId));
}

/**
 * Whose view a request reads: a configured tenant's id, or null when no Graph tenant is configured (the
 * global view, carried by the fallback channels alone).
 */
export type TenantScope = string | null;

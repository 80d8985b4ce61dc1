// The type lives with the read repositories that filter by it; the API's many users import it from here.
export type { TenantScope } from '#persistence';

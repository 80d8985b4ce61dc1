/** Normalised health, from best to worst; UNKNOWN when no channel gives a usable answer. */
export const HEALTH_LEVELS = ['OPERATIONAL', 'INVESTIGATING', 'DEGRADED', 'INTERRUPTED', 'UNKNOWN'] as const;
export type HealthLevel = (typeof HEALTH_LEVELS)[number];

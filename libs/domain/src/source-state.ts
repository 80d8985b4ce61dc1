export const SOURCE_STATES = ['HEALTHY', 'DEGRADED', 'DOWN', 'DISABLED'] as const;
export type SourceState = (typeof SOURCE_STATES)[number];

import { CHANNELS, HEALTH_LEVELS, INCIDENT_CLASSIFICATIONS, SOURCE_STATES } from '#domain';

/** PostgreSQL enum types shared by several tables: one name each, so the schema declares them once. */
export const channelColumn = { type: 'enum', enum: CHANNELS, enumName: 'channel' } as const;
export const healthLevelColumn = { type: 'enum', enum: HEALTH_LEVELS, enumName: 'health_level' } as const;
export const sourceStateColumn = { type: 'enum', enum: SOURCE_STATES, enumName: 'source_state' } as const;
export const classificationColumn = {
  type: 'enum',
  enum: INCIDENT_CLASSIFICATIONS,
  enumName: 'incident_classification',
} as const;

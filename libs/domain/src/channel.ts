/** The three ways Microsoft speaks of Microsoft 365 service health. */
export const CHANNELS = ['GRAPH', 'STATUS_SITE', 'X'] as const;
export type Channel = (typeof CHANNELS)[number];

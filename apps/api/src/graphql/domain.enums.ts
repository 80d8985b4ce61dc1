import {
  type Channel,
  CHANNELS,
  HEALTH_LEVELS,
  type HealthLevel,
  INCIDENT_CLASSIFICATIONS,
  type IncidentClassification,
  SOURCE_STATES,
  type SourceState,
} from '#domain';
import { registerEnumType } from '@nestjs/graphql';

/** The domain's word lists as GraphQL enums: one list of values, in the domain, for the database and the API. */
export function enumOf<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((value) => [value, value])) as { [K in T]: K };
}

export const ChannelEnum = enumOf<Channel>(CHANNELS);
export const HealthLevelEnum = enumOf<HealthLevel>(HEALTH_LEVELS);
export const SourceStateEnum = enumOf<SourceState>(SOURCE_STATES);
export const IncidentClassificationEnum = enumOf<IncidentClassification>(INCIDENT_CLASSIFICATIONS);

registerEnumType(ChannelEnum, {
  name: 'Channel',
  description: 'A channel through which Microsoft communicates Microsoft 365 service health.',
  valuesMap: {
    GRAPH: {
      description:
        "Microsoft Graph service communications API: the admin center's Service health, per tenant.",
    },
    STATUS_SITE: { description: 'The public backup status site (status.cloud.microsoft).' },
    X: { description: 'The @MSFT365Status account on X (Twitter).' },
  },
});

registerEnumType(HealthLevelEnum, {
  name: 'HealthLevel',
  description: 'Normalised health, from best to worst; UNKNOWN when no channel gives a usable answer.',
});

registerEnumType(SourceStateEnum, {
  name: 'SourceState',
  valuesMap: {
    HEALTHY: { description: 'Last attempt succeeded and the data is fresh.' },
    DEGRADED: { description: 'Answering, but with errors, throttling or stale data.' },
    DOWN: { description: 'Failing: the last attempts failed.' },
    DISABLED: { description: 'Not configured (e.g. no credentials).' },
  },
});

registerEnumType(IncidentClassificationEnum, { name: 'IncidentClassification' });

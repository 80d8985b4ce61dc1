import { HEALTH_LEVELS, type HealthLevel } from './health-level.js';
import {
  GRAPH_SERVICE_HEALTH_STATUSES,
  HEALTH_LEVEL_WORDS,
  STATUS_SITE_GRAPH_STATUS,
  STATUS_SITE_WORDS,
  healthLevelOf,
  isResolvedStatus,
  normaliseStatusSiteWord,
  toGraphStatus,
} from './status-word.js';

const UNRECOGNISED = [
  'ServicaOperational',
  'healthy',
  'operational-ish',
  '',
  '   ',
  'service_degradation',
  'null',
];

describe('HEALTH_LEVEL_WORDS', () => {
  it('places every Graph status in exactly one level', () => {
    const placed = HEALTH_LEVELS.flatMap((level) => HEALTH_LEVEL_WORDS[level].graph);
    expect([...placed].sort()).toEqual([...GRAPH_SERVICE_HEALTH_STATUSES].sort());
  });

  it.each(STATUS_SITE_WORDS)('gives the status-site word %s the level of its closest Graph word', (word) => {
    expect(healthLevelOf(word)).toBe(healthLevelOf(STATUS_SITE_GRAPH_STATUS[word]));
  });
});

describe(healthLevelOf.name, () => {
  const table: [string, HealthLevel][] = [
    ['serviceOperational', 'OPERATIONAL'],
    ['serviceRestored', 'OPERATIONAL'],
    ['falsePositive', 'OPERATIONAL'],
    ['postIncidentReviewPublished', 'OPERATIONAL'],
    ['resolved', 'OPERATIONAL'],
    ['resolvedExternal', 'OPERATIONAL'],
    ['mitigated', 'OPERATIONAL'],
    ['mitigatedExternal', 'OPERATIONAL'],
    ['investigating', 'INVESTIGATING'],
    ['investigationSuspended', 'INVESTIGATING'],
    ['confirmed', 'INVESTIGATING'],
    ['reported', 'INVESTIGATING'],
    ['serviceDegradation', 'DEGRADED'],
    ['restoringService', 'DEGRADED'],
    ['verifyingService', 'DEGRADED'],
    ['extendedRecovery', 'DEGRADED'],
    ['serviceInterruption', 'INTERRUPTED'],
    ['unknownFutureValue', 'UNKNOWN'],
    // The casings real answers and documentation samples use.
    ['ServiceRestored', 'OPERATIONAL'],
    ['ServiceOperational', 'OPERATIONAL'],
    ['RestoringService', 'DEGRADED'],
    ['FalsePositive', 'OPERATIONAL'],
    ['SERVICEINTERRUPTION', 'INTERRUPTED'],
    ['UnknownFutureValue', 'UNKNOWN'],
    // The status site's words, in both of its forms.
    ['Available', 'OPERATIONAL'],
    ['Operational', 'OPERATIONAL'],
    ['ServiceRestored', 'OPERATIONAL'],
    ['Service restored', 'OPERATIONAL'],
    ['ServiceDegradation', 'DEGRADED'],
    ['Service degradation', 'DEGRADED'],
    ['service Degradation', 'DEGRADED'],
    [' Service\tdegradation \n', 'DEGRADED'],
    ['Unknown', 'UNKNOWN'],
  ];

  it.each(table)('maps %j to %s', (word, level) => {
    expect(healthLevelOf(word)).toBe(level);
  });

  it.each([...UNRECOGNISED, null, undefined])('maps the unrecognised %j to UNKNOWN', (word) => {
    expect(healthLevelOf(word)).toBe('UNKNOWN');
  });
});

describe(toGraphStatus.name, () => {
  it.each(GRAPH_SERVICE_HEALTH_STATUSES)('keeps %s as it is, whatever the casing', (status) => {
    expect(toGraphStatus(status)).toBe(status);
    expect(toGraphStatus(status.toUpperCase())).toBe(status);
    expect(toGraphStatus(status[0]?.toUpperCase() + status.slice(1))).toBe(status);
  });

  it.each([
    ['ServiceRestored', 'serviceRestored'],
    ['Service restored', 'serviceRestored'],
    ['Service degradation', 'serviceDegradation'],
    ['ServiceDegradation', 'serviceDegradation'],
    ['Available', 'serviceOperational'],
    ['Operational', 'serviceOperational'],
    ['Unknown', 'unknownFutureValue'],
    ['Post incident review published', 'postIncidentReviewPublished'],
  ])('gives %j the Graph word %s', (word, status) => {
    expect(toGraphStatus(word)).toBe(status);
  });

  it.each([...UNRECOGNISED, null, undefined])('gives null for the unrecognised %j', (word) => {
    expect(toGraphStatus(word)).toBeNull();
  });
});

describe(normaliseStatusSiteWord.name, () => {
  it.each([
    ['Available', 'Available'],
    ['available', 'Available'],
    ['Operational', 'Operational'],
    ['Service degradation', 'ServiceDegradation'],
    ['ServiceDegradation', 'ServiceDegradation'],
    ['Service restored', 'ServiceRestored'],
    ['serviceRestored', 'ServiceRestored'],
    ['Unknown', 'Unknown'],
  ])('spells %j as %s', (word, expected) => {
    expect(normaliseStatusSiteWord(word)).toBe(expected);
  });

  it.each([...UNRECOGNISED, 'serviceInterruption', 'investigating', null, undefined])(
    'gives null for %j, which the status site does not use',
    (word) => {
      expect(normaliseStatusSiteWord(word)).toBeNull();
    },
  );
});

describe(isResolvedStatus.name, () => {
  it.each([
    ...HEALTH_LEVEL_WORDS.OPERATIONAL.graph,
    ...HEALTH_LEVEL_WORDS.OPERATIONAL.statusSite,
    'ServiceRestored',
    'Service restored',
    'PostIncidentReviewPublished',
  ])('says %j is resolved', (word) => {
    expect(isResolvedStatus(word)).toBe(true);
  });

  it.each([
    ...HEALTH_LEVEL_WORDS.INVESTIGATING.graph,
    ...HEALTH_LEVEL_WORDS.DEGRADED.graph,
    ...HEALTH_LEVEL_WORDS.INTERRUPTED.graph,
    ...HEALTH_LEVEL_WORDS.UNKNOWN.graph,
    'Service degradation',
    'Unknown',
    ...UNRECOGNISED,
    null,
    undefined,
  ])('says %j is not resolved', (word) => {
    expect(isResolvedStatus(word)).toBe(false);
  });
});

import { effectiveServiceStatus, type ServiceEvidence } from './effective-service-status.js';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 10, minute));
const graph: ServiceEvidence = {
  channel: 'GRAPH',
  level: 'OPERATIONAL',
  status: 'serviceOperational',
  observedAt: at(0),
};
const xBefore: ServiceEvidence = {
  channel: 'X',
  level: 'DEGRADED',
  status: 'serviceDegradation',
  observedAt: at(1),
};
const xAfter: ServiceEvidence = {
  channel: 'X',
  level: 'INTERRUPTED',
  status: 'serviceInterruption',
  observedAt: at(9),
};
const siteAfter: ServiceEvidence = {
  channel: 'STATUS_SITE',
  level: 'DEGRADED',
  status: 'ServiceDegradation',
  observedAt: at(7),
};

describe(effectiveServiceStatus.name, () => {
  it.each([
    [
      'Graph fresh: Graph, whatever the others say',
      { graph, fallback: [xAfter], graphFresh: true },
      { ...graph, stale: false },
    ],
    [
      'Graph stale, nothing newer: the last Graph word, stale',
      { graph, fallback: [xBefore], graphFresh: false },
      { ...graph, stale: true },
    ],
    [
      'Graph stale, X spoke since: X',
      { graph, fallback: [xBefore, xAfter], graphFresh: false },
      { ...xAfter, stale: true },
    ],
    [
      'Graph stale, newest of two fallbacks',
      { graph, fallback: [siteAfter, xAfter], graphFresh: false },
      { ...xAfter, stale: true },
    ],
    [
      'no Graph at all: the newest fallback, stale',
      { graph: null, fallback: [xBefore, siteAfter], graphFresh: false },
      { ...siteAfter, stale: true },
    ],
    [
      'no Graph word for this service, Graph fresh: fallback, stale',
      { graph: null, fallback: [xBefore], graphFresh: true },
      { ...xBefore, stale: true },
    ],
    ['nothing at all', { graph: null, fallback: [], graphFresh: true }, null],
  ])('%s', (_case, input, expected) => {
    expect(effectiveServiceStatus({ graphLastSuccessAt: at(5), ...input })).toEqual(expected);
  });

  it('takes fallback evidence when Graph has never succeeded', () => {
    expect(
      effectiveServiceStatus({ graph, fallback: [xBefore], graphFresh: false, graphLastSuccessAt: null }),
    ).toEqual({
      ...xBefore,
      stale: true,
    });
  });

  it('prefers the status site to X when both spoke at the same instant, in whatever order they come', () => {
    const siteSame = { ...siteAfter, observedAt: xAfter.observedAt };
    for (const fallback of [
      [xAfter, siteSame],
      [siteSame, xAfter],
    ]) {
      expect(
        effectiveServiceStatus({ graph, fallback, graphFresh: false, graphLastSuccessAt: at(5) }),
      ).toEqual({
        ...siteSame,
        stale: true,
      });
    }
  });
});

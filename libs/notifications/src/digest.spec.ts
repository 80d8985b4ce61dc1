import { advisoryDigest, groupKey } from './digest.js';
import type { IncidentPayload, IncidentState } from './notification-payload.js';

const digest = {
  ruleId: 'r1',
  periodStart: '2026-11-20T00:00:00.000Z',
  periodEnd: '2026-11-21T00:00:00.000Z',
};
const advisory = (id: string, status: string, isResolved = false): IncidentState => ({
  id,
  reference: `MO${id}`,
  title: `Advisory ${id}`,
  serviceId: 'Microsoft365',
  serviceName: 'Microsoft 365 suite',
  classification: 'ADVISORY',
  status,
  level: 'DEGRADED',
  isResolved,
  provisional: false,
  startedAt: null,
  endedAt: null,
  tenantIds: [],
});
const payload = (incident: IncidentState, text: string | null = null): IncidentPayload => ({
  kind: 'incident',
  incident,
  update: text ? { id: text, channel: 'GRAPH', postedAt: '2026-11-20T10:00:00.000Z', text } : null,
  digest,
});

describe('advisory digests', () => {
  it('list each advisory once, in its newest state, with its events, in the order they first came', () => {
    const result = advisoryDigest([
      { event: 'incident_created', payload: payload(advisory('1', 'investigating')) },
      { event: 'incident_created', payload: payload(advisory('2', 'investigating')) },
      { event: 'incident_updated', payload: payload(advisory('1', 'investigating'), 'More news') },
      { event: 'incident_resolved', payload: payload(advisory('1', 'serviceRestored', true), 'Fixed') },
    ]);
    expect(result).toEqual({
      kind: 'advisoryDigest',
      ruleId: 'r1',
      periodStart: digest.periodStart,
      periodEnd: digest.periodEnd,
      advisories: [
        {
          incident: advisory('1', 'serviceRestored', true),
          update: expect.objectContaining({ text: 'Fixed' }),
          events: ['incident_created', 'incident_updated', 'incident_resolved'],
        },
        { incident: advisory('2', 'investigating'), update: null, events: ['incident_created'] },
      ],
    });
  });

  it("group a digest's deliveries by rule and period, any other delivery by its ordering key", () => {
    expect(groupKey({ ordering_key: 'incident:1', payload: payload(advisory('1', 'x')) })).toBe(
      'digest:r1:2026-11-20T00:00:00.000Z',
    );
    const { digest: _, ...plain } = payload(advisory('1', 'x'));
    expect(groupKey({ ordering_key: 'incident:1', payload: plain })).toBe('incident:1');
  });
});

import type { IncidentState } from './notification-payload.js';
import {
  burstEvent,
  incidentEvents,
  ruleCoversIncident,
  ruleCoversStatus,
  wantedEvent,
  type RuleFilters,
} from './rule-match.js';

const incident: IncidentState = {
  id: 'i1',
  reference: 'EX1',
  title: 'Mail delayed',
  serviceId: 'Exchange',
  serviceName: 'Exchange Online',
  classification: 'INCIDENT',
  status: 'investigating',
  level: 'INVESTIGATING',
  isResolved: false,
  provisional: false,
  startedAt: null,
  endedAt: null,
  tenantIds: ['contoso'],
};
const any: RuleFilters = {
  serviceIds: null,
  classifications: null,
  levels: null,
  tenantIds: null,
  events: [],
};

describe('rule matching', () => {
  it('applies each filter, null meaning any', () => {
    expect(ruleCoversIncident(any, incident)).toBe(true);
    expect(ruleCoversIncident({ ...any, serviceIds: ['SharePoint'] }, incident)).toBe(false);
    expect(ruleCoversIncident({ ...any, classifications: ['ADVISORY'] }, incident)).toBe(false);
    expect(ruleCoversIncident({ ...any, levels: ['INVESTIGATING'] }, incident)).toBe(true);
    expect(ruleCoversIncident({ ...any, tenantIds: ['fabrikam'] }, incident)).toBe(false);
    expect(ruleCoversIncident({ ...any, tenantIds: ['fabrikam'] }, { ...incident, tenantIds: [] })).toBe(
      true,
    );
  });

  const post = (id: string, text: string) => ({
    id,
    channel: 'X',
    postedAt: '2026-11-20T10:00:00.000Z',
    text,
  });

  it('names a change by what the target was last told, most telling first', () => {
    const u1 = post('u1', 'Investigating');
    expect(incidentEvents(null, incident, u1)).toEqual(['incident_created', 'incident_updated']);
    expect(incidentEvents(null, { ...incident, isResolved: true }, u1)).toEqual([]);
    const told = { incident, update: u1 };
    expect(incidentEvents(told, incident, u1)).toEqual([]);
    expect(incidentEvents(told, incident, post('u2', 'Mitigating'))).toEqual(['incident_updated']);
    expect(incidentEvents({ incident, update: null }, incident, u1)).toEqual(['incident_updated']);
    const resolved = {
      ...incident,
      isResolved: true,
      status: 'serviceRestored',
      level: 'OPERATIONAL' as const,
    };
    expect(incidentEvents(told, resolved, post('u3', 'Restored'))).toEqual([
      'incident_resolved',
      'status_changed',
      'incident_updated',
    ]);
  });

  it('does not take the same post under a new row id (after a rebuild) for news', () => {
    const told = { incident, update: post('u1', 'Investigating') };

    expect(incidentEvents(told, incident, post('rebuilt-u1', 'Investigating'))).toEqual([]);
    expect(
      incidentEvents(told, incident, { ...post('u1', 'Investigating'), channel: 'STATUS_SITE' }),
    ).toEqual(['incident_updated']);
  });

  it('announces a burst as its most telling change', () => {
    expect(burstEvent(['incident_created', 'incident_updated', 'incident_resolved'])).toBe(
      'incident_created',
    );
    expect(burstEvent(['incident_updated', 'incident_resolved', 'status_changed'])).toBe('incident_resolved');
    expect(burstEvent(['incident_updated'])).toBe('incident_updated');
  });

  it('picks the first event a rule wants', () => {
    const events = ['incident_resolved', 'status_changed', 'incident_updated'] as const;
    expect(wantedEvent({ ...any, events: ['incident_updated'] }, [...events])).toBe('incident_updated');
    expect(wantedEvent({ ...any, events: ['incident_created'] }, [...events])).toBeNull();
  });

  it('covers a status change whose old or new level is in the filter', () => {
    const change = {
      tenantId: 'contoso',
      serviceId: 'Exchange',
      level: 'OPERATIONAL' as const,
      status: 'ok',
    };
    const rule = { ...any, events: ['status_changed' as const], levels: ['INTERRUPTED' as const] };
    expect(ruleCoversStatus(rule, change, { level: 'INTERRUPTED', status: 'down' })).toBe(true);
    expect(ruleCoversStatus(rule, change, { level: 'DEGRADED', status: 'slow' })).toBe(false);
    expect(ruleCoversStatus({ ...rule, levels: null, events: [] }, change, null)).toBe(false);
  });

  it('gives the global view (no tenant) only to rules of every tenant', () => {
    const change = { tenantId: null, serviceId: 'Exchange', level: 'DEGRADED' as const, status: 'slow' };
    const previous = { level: 'OPERATIONAL' as const, status: 'ok' };
    const rule = { ...any, events: ['status_changed' as const] };
    expect(ruleCoversStatus(rule, change, previous)).toBe(true);
    expect(ruleCoversStatus({ ...rule, tenantIds: ['contoso'] }, change, previous)).toBe(false);
    expect(
      ruleCoversStatus({ ...rule, tenantIds: ['contoso'] }, { ...change, tenantId: 'contoso' }, previous),
    ).toBe(true);
  });
});

import { readFileSync } from 'node:fs';
import { graphIssueSchema, graphMessageSchema, graphServiceHealthSchema } from './graph.schemas.js';
import { toHealthOverviewSignal, toIssueSignal, toMessageSignal } from './graph.mapper.js';

const page = (name: string): { value: unknown[] } =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

describe(toIssueSignal.name, () => {
  const issue = graphIssueSchema.parse(page('issues-page1.json').value[0]);

  it('keys the issue by tenant and id, published at its last modification', () => {
    const sut = toIssueSignal('contoso.onmicrosoft.com', issue);
    expect(sut).toMatchObject({
      channel: 'GRAPH',
      tenantId: 'contoso.onmicrosoft.com',
      kind: 'graph.issue',
      externalId: 'EX1190034',
      publishedAt: new Date('2026-11-20T09:05:12.510Z'),
      payload: issue,
    });
    expect(sut.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes the same issue the same, and a changed one differently', () => {
    const again = toIssueSignal('contoso', graphIssueSchema.parse(page('issues-page1.json').value[0]));
    expect(again.contentHash).toBe(toIssueSignal('contoso', issue).contentHash);
    expect(toIssueSignal('contoso', { ...issue, status: 'serviceRestored' }).contentHash).not.toBe(
      again.contentHash,
    );
  });

  it('leaves publishedAt null when the issue has no modification time', () => {
    expect(toIssueSignal('contoso', { id: 'EX1' }).publishedAt).toBeNull();
  });
});

describe(toMessageSignal.name, () => {
  it('keys the message by id, published at its last modification', () => {
    const message = graphMessageSchema.parse(page('messages.json').value[0]);
    expect(toMessageSignal('contoso', message)).toMatchObject({
      kind: 'graph.message',
      externalId: 'MC1180442',
      publishedAt: new Date('2026-11-18T16:44:09.130Z'),
    });
  });
});

describe(toHealthOverviewSignal.name, () => {
  it('keys the service by its id, with no time', () => {
    const service = graphServiceHealthSchema.parse(page('health-overviews.json').value[0]);
    expect(toHealthOverviewSignal('contoso', service)).toMatchObject({
      kind: 'graph.healthOverview',
      externalId: 'Exchange',
      publishedAt: null,
      payload: { id: 'Exchange', service: 'Exchange Online', status: 'serviceDegradation' },
    });
  });
});

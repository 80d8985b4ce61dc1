import type { GraphHealthOverview, GraphIssue, GraphMessage } from '#domain';
import { readFileSync } from 'node:fs';
import { toHealthOverviewSignal, toIssueSignal, toMessageSignal } from './graph.mapper.js';

/** The first item of a fixture page, as Graph sent it (the parser spec validates the fixtures). */
const first = <T>(name: string): T =>
  (JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as { value: T[] })
    .value[0]!;

describe(toIssueSignal.name, () => {
  const issue = first<GraphIssue>('issues-page1.json');

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
    const again = toIssueSignal('contoso', first<GraphIssue>('issues-page1.json'));
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
    const message = first<GraphMessage>('messages.json');
    expect(toMessageSignal('contoso', message)).toMatchObject({
      kind: 'graph.message',
      externalId: 'MC1180442',
      publishedAt: new Date('2026-11-18T16:44:09.130Z'),
    });
  });
});

describe(toHealthOverviewSignal.name, () => {
  it('keys the service by its id, with no time', () => {
    const service = first<GraphHealthOverview>('health-overviews.json');
    expect(toHealthOverviewSignal('contoso', service)).toMatchObject({
      kind: 'graph.healthOverview',
      externalId: 'Exchange',
      publishedAt: null,
      payload: { id: 'Exchange', service: 'Exchange Online', status: 'serviceDegradation' },
    });
  });
});

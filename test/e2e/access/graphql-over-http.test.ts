import type { RunningBeacon } from '#runtime';
import { createTestDatabase, type TestDatabase } from '#testing';
import { serverAudits } from 'graphql-http';
import { startApi, testConfig } from '../api/support/api-client.js';

/**
 * graphql-http's own audit of a server against the GraphQL over HTTP specification: every MUST passes and
 * no SHOULD warns (its MAYs are choices; they are listed, not required).
 */
describe('GraphQL over HTTP (graphql-http serverAudits)', () => {
  let database: TestDatabase;
  let beacon: RunningBeacon;
  let results: Array<{ name: string; status: string; reason?: string }>;

  beforeAll(async () => {
    database = await createTestDatabase();
    beacon = await startApi(
      testConfig(database.url, { RATE_LIMIT_PER_ADDRESS: '0', RATE_LIMIT_PER_KEY: '0' }),
    );
    results = await Promise.all(
      serverAudits({ url: `${beacon.url}/graphql` }).map(async (audit) => {
        const result = await audit.fn();
        return {
          name: audit.name,
          status: result.status,
          ...(result.status === 'ok' ? {} : { reason: result.reason }),
        };
      }),
    );
  });

  afterAll(async () => {
    await beacon?.close();
    await database.drop();
  });

  it('passes every MUST', () => {
    expect(results.filter((r) => r.name.startsWith('MUST') && r.status !== 'ok')).toEqual([]);
    expect(results.filter((r) => r.name.startsWith('MUST')).length).toBeGreaterThanOrEqual(13);
  });

  it('warns on no SHOULD', () => {
    expect(results.filter((r) => r.name.startsWith('SHOULD') && r.status !== 'ok')).toEqual([]);
  });
});

describe('security headers (helmet)', () => {
  let database: TestDatabase;
  let beacon: RunningBeacon;

  beforeAll(async () => {
    database = await createTestDatabase();
    beacon = await startApi(testConfig(database.url));
  });

  afterAll(async () => {
    await beacon?.close();
    await database.drop();
  });

  it.each([
    ['the API', '/graphql?query=%7B%20sources%20%7B%20channel%20%7D%20%7D'],
    ['the status page', '/'],
    ['a health check', '/health/live'],
  ])('are on %s, with the page’s strict policy', async (_name, path) => {
    const response = await fetch(`${beacon.url}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
  });
});

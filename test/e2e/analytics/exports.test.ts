import type { RunningBeacon } from '#runtime';
import { createTestDatabase, type TestDatabase } from '#testing';
import { startApi, testConfig } from '../api/support/api-client.js';
import { at, seedAnalyticsHistory, TENANT } from './support/analytics-history.js';

const KEY = 'analytics-export-key-0123456789';

describe('exports over HTTP', () => {
  let database: TestDatabase;
  let beacon: RunningBeacon;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedAnalyticsHistory(database.url);
    beacon = await startApi(
      testConfig(database.url, {
        GRAPH_TENANT_ID: TENANT,
        GRAPH_CLIENT_ID: 'client',
        GRAPH_CLIENT_SECRET: 'secret',
        API_KEYS: KEY,
      }),
    );
  });

  afterAll(async () => {
    await beacon?.close();
    await database.drop();
  });

  const get = (path: string, headers: Record<string, string> = { authorization: `Bearer ${KEY}` }) =>
    fetch(`${beacon.url}${path}`, { headers });
  const lines = async (path: string) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    // Records end with CRLF (CSV) or LF (NDJSON); line breaks inside a quoted CSV field are LF alone.
    return (await response.text()).split(path.includes('.csv') ? '\r\n' : '\n').filter((line) => line !== '');
  };

  it("writes the tenant's incidents as CSV, newest first, Fabrikam's left out", async () => {
    const response = await get('/export/incidents.csv');
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="incidents.csv"');
    const [header, ...rows] = (await response.text()).split('\r\n').filter((line) => line !== '');
    expect(header).toBe(
      'id,title,serviceId,serviceName,feature,featureGroup,classification,status,level,isResolved,startedAt,' +
        'endedAt,firstSeenAt,lastUpdatedAt,provisional,postIncidentReportAvailable',
    );
    expect(rows.map((row) => row.split(',')[0])).toEqual(['EX300', 'TM200', 'EX500', 'EX100']);
    expect(rows[3]).toBe(
      `EX100,EX100 title,Exchange,Exchange Online,,Email,INCIDENT,serviceRestored,OPERATIONAL,true,` +
        `${at(0).toISOString()},${at(120).toISOString()},${at(5).toISOString()},${at(105).toISOString()},false,true`,
    );
  });

  it('writes one line per update with updates=true, quoting what needs quoting', async () => {
    const [, ...rows] = await lines('/export/incidents.csv?updates=true');
    // EX300 2, EX500 1, TM200 1, EX100 4.
    expect(rows).toHaveLength(8);
    const csv = await (
      await get('/export/incidents.csv?updates=true&serviceIds=Exchange&search=delays')
    ).text();
    expect(csv).toContain(
      `GRAPH,${at(25).toISOString()},,"Title: Mail delays\nCurrent status: We're investigating.\nNext update by: Sunday, March 1, 2026, at 1:00 AM UTC"\r\n`,
    );
  });

  it('writes NDJSON, updates nested, for any filter', async () => {
    const [line, ...more] = await lines('/export/incidents.ndjson?updates=true&serviceIds=microsoftteams');
    expect(more).toEqual([]);
    expect(JSON.parse(line!)).toEqual(
      expect.objectContaining({
        id: 'TM200',
        startedAt: at(24 * 60).toISOString(),
        updates: [
          {
            channel: 'GRAPH',
            postedAt: at(24 * 60).toISOString(),
            kind: null,
            text: 'Current status: Investigating.\nNext update by: Monday, March 2, 2026, at 12:20 AM UTC',
          },
        ],
      }),
    );
    expect(await lines('/export/incidents.ndjson?active=true')).toHaveLength(1);
  });

  it('writes statistics, the total first', async () => {
    const [header, total, exchange, teams, ...more] = await lines('/export/statistics.csv?groupBy=SERVICE');
    expect(more).toEqual([]);
    const columns = header!.split(',');
    const field = (line: string, name: string) => line.split(',')[columns.indexOf(name)];
    expect([total, exchange, teams].map((line) => field(line!, 'key'))).toEqual([
      '',
      'Exchange',
      'microsoftteams',
    ]);
    expect([total, exchange, teams].map((line) => field(line!, 'incidentCount'))).toEqual(['4', '3', '1']);
    expect(field(total!, 'timeToResolve.p50Seconds')).toBe('1800');
    expect(field(exchange!, 'promises.lateness.maxSeconds')).toBe('900');

    const months = (await lines('/export/statistics.ndjson?groupBy=MONTH&active=false')).map((l) =>
      JSON.parse(l),
    );
    expect(months.map(({ key, total, incidentCount }) => [key, total, incidentCount])).toEqual([
      [null, true, 3],
      ['2026-03', false, 3],
    ]);
  });

  it('refuses a bad request before the first line, with the reason', async () => {
    for (const [path, argument] of [
      ['/export/incidents.csv?active=maybe', 'active'],
      ['/export/incidents.csv?serviceId=Exchange', 'serviceId'],
      ['/export/incidents.ndjson?from=yesterday', 'from'],
      ['/export/incidents.csv?tenantId=nobody', 'tenantId'],
      ['/export/statistics.csv', 'groupBy'],
      ['/export/statistics.csv?groupBy=YEAR', 'groupBy'],
    ]) {
      const response = await get(path!);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { errors: Array<{ extensions: unknown }> };
      expect(body.errors[0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', argument });
    }
  });

  it('asks for the same key as GraphQL', async () => {
    const anonymous = await get('/export/incidents.csv', {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="beacon"');
    expect(
      ((await anonymous.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions
        .code,
    ).toBe('UNAUTHENTICATED');
    const wrong = await get('/export/statistics.csv?groupBy=WEEK', { 'x-api-key': 'wrong' });
    expect([wrong.status, (await wrong.text()).includes('UNAUTHENTICATED')]).toEqual([401, true]);
    const right = await get('/export/statistics.csv?groupBy=WEEK', { 'x-api-key': KEY });
    expect([right.status, (await right.text()).startsWith('groupBy,total,key')]).toEqual([200, true]);
  });
});

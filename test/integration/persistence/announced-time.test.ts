import { parseAnnouncedTime } from '#domain';
import { createTestDatabase, type TestDatabase } from '#testing';
import { AnnouncedTimeWithoutSubtransaction1795725000000 as Migration } from '../../../migrations/1795725000000-AnnouncedTimeWithoutSubtransaction.js';
import fc from 'fast-check';
import pg from 'pg';
import type { QueryRunner } from 'typeorm';

/**
 * `beacon_announced_time` without its EXCEPTION block (migration AnnouncedTimeWithoutSubtransaction) against
 * the definition its `down` restores, both in one database, over generated texts: every text must give the
 * same time or none, except those the old definition raised on (an offset past 15:59), which give none.
 */
const ISO_DATES = product(
  ['0000', '0001', '1900', '2000', '2024', '2026', '2100', '9999'],
  ['00', '01', '02', '04', '09', '11', '12', '13'],
  ['00', '01', '28', '29', '30', '31', '32', '99'],
).map(([y, m, d]) => `${y}-${m}-${d}`);
const ISO_TIMES = [
  '00:00',
  '23:59',
  '24:00',
  '24:01',
  '25:00',
  '99:00',
  '12:60',
  '23:59:59',
  '23:59:60',
  '23:59:61',
  '10:30:60.5',
  '24:00:00',
  '24:00:01',
  '23:59:59.9999999',
  '23:59:60.0000004',
  '24:00:00.0000004',
  '24:00:00.0000005',
  '24:00:00.0000006',
  '12:00:00.123456789',
];
const ISO_ZONES = [
  'Z',
  'z',
  '+00:00',
  '+0000',
  '+15:59',
  '-1559',
  '+16:00',
  '-1600',
  '+05:60',
  '+0599',
  '+14:00',
  '-0330',
];

const WRITTEN_DATES = product(
  ['', 'Friday, ', 'Mon '],
  ['November', 'Nov.', 'February', 'Feb', 'sept', 'Ma', 'Brumaire'],
  ['0', '1', '28', '29th', '30', '31st', '32', '99'],
  ['0000', '0001', '2024', '2026', '2100'],
).map(([weekday, month, day, year]) => `${weekday}${month} ${day}, ${year}`);
const WRITTEN_TIMES = [
  'at 11:00 AM',
  '0:00 AM',
  'at 12:30 P.M.',
  '13:00 PM',
  'at 13:05',
  '24:00',
  '23:59:59',
  '11:60',
  '10:00:60',
  '7:40 pm',
  '11:00:30 a.m.',
  '7:40AM',
  '11:00 AMT',
  'at 9:05:07pm',
];
const WRITTEN_ZONES = ['UTC', '', '(UTC)', 'GMT.', 'PST', 'UTC+1', 'Z (3:00 AM PST)'];

/** Every date with three times and zones, and three dates with every time and zone. */
const ISO_GRID = [
  ...product(ISO_DATES, ['10:00', '24:00', '23:59:60'], ['Z', '+16:00', '-0330']).map(
    ([d, t, z]) => `${d}T${t}${z}`,
  ),
  ...product(['2024-02-29', '9999-12-31', '0001-01-01'], ISO_TIMES, ISO_ZONES).map(
    ([d, t, z]) => `${d}T${t}${z}`,
  ),
];
const WRITTEN_GRID = product(WRITTEN_DATES, WRITTEN_TIMES, WRITTEN_ZONES).map(
  ([d, t, z]) => `${d} ${t} ${z}`,
);

/** The old definition reads a written time in about a millisecond: tens of thousands take a while under load. */
const SLOW = 180_000;

describe('beacon_announced_time without a subtransaction', () => {
  let database: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query('BEGIN');
    await new Migration().down({ query: (sql: string) => client.query(sql) } as unknown as QueryRunner);
    const { rows } = await client.query<{ definition: string }>(
      `SELECT pg_get_functiondef('beacon_announced_time(text)'::regprocedure) AS definition`,
    );
    await client.query('ROLLBACK');
    await client.query(
      rows[0]!.definition.replace('public.beacon_announced_time(', 'public.announced_time_before('),
    );
    // What a call gives: its time, none, or the error it raises.
    await client.query(`
      CREATE FUNCTION outcome(fn text, value text) RETURNS text LANGUAGE plpgsql AS $fn$
      DECLARE
        at timestamptz;
      BEGIN
        EXECUTE format('SELECT %I($1)', fn) INTO at USING value;
        RETURN coalesce(to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), 'none');
      EXCEPTION WHEN OTHERS THEN
        RETURN 'error ' || SQLSTATE;
      END
      $fn$`);
  });

  afterAll(async () => {
    await client?.end();
    await database.drop();
  });

  async function compare(texts: string[]): Promise<Map<string, number>> {
    const { rows } = await client.query<{ value: string; before: string; after: string }>(
      `SELECT value, outcome('announced_time_before', value) AS before, outcome('beacon_announced_time', value) AS after
       FROM unnest($1::text[]) AS value`,
      [texts],
    );
    const differing = rows.filter(
      ({ before, after }) => after !== (before === 'error 22009' ? 'none' : before),
    );
    expect(differing.slice(0, 20)).toEqual([]);
    const kinds = new Map<string, number>();
    for (const { before } of rows) {
      const kind = before.startsWith('error') ? before : before === 'none' ? 'none' : 'time';
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    return kinds;
  }

  it('no longer opens an EXCEPTION block, and its down restored the one that did', async () => {
    const { rows } = await client.query<{ name: string; source: string }>(
      `SELECT proname AS name, prosrc AS source FROM pg_proc WHERE proname IN ('beacon_announced_time', 'announced_time_before')`,
    );
    const source = Object.fromEntries(rows.map((row) => [row.name, row.source]));
    expect(source.beacon_announced_time).not.toMatch(/\bEXCEPTION\b/);
    expect(source.announced_time_before).toMatch(/\bEXCEPTION\b/);
  });

  it(
    'reads ISO times as before: real and impossible dates, times past midnight, fractions, offsets',
    async () => {
      const texts = [
        ...ISO_GRID,
        ...[
          '2026-11-20t07:40:00z',
          ' 2026-11-20T07:40Z ',
          '2026-11-20 07:40Z',
          '2026-11-20T07:40',
          '٢٠٢٦-11-20T07:40Z',
        ],
      ];
      const kinds = await compare(texts);
      // The grid reaches every outcome: times, none, and the offsets the old definition raised on.
      expect(kinds.get('time')).toBeGreaterThan(100);
      expect(kinds.get('none')).toBeGreaterThan(100);
      expect(kinds.get('error 22009')).toBeGreaterThan(10);
      expect([...kinds.keys()].sort()).toEqual(['error 22009', 'none', 'time']);
    },
    SLOW,
  );

  it(
    'reads written times as before: months, days their month lacks, year 0, meridiems, zones',
    async () => {
      const texts = WRITTEN_GRID;
      const kinds = await compare(texts);
      expect(kinds.get('time')).toBeGreaterThan(1000);
      expect(kinds.get('none')).toBeGreaterThan(1000);
      expect([...kinds.keys()].sort()).toEqual(['none', 'time']);
    },
    SLOW,
  );

  it(
    'reads generated texts as before: digits changed at random in real times, and garbage',
    async () => {
      const real = [
        '2026-11-20T09:05:12.51Z',
        '2028-02-29T23:59:60+15:59',
        'Saturday, February 29, 2028, at 11:00 PM UTC',
        'Nov 30, 2026 at 23:59:59 GMT',
      ];
      const mutated = fc
        .sample(
          fc.tuple(
            fc.constantFrom(...real),
            fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 9 })), { minLength: 1, maxLength: 3 }),
          ),
          { numRuns: 3000, seed: 10 },
        )
        .map(([text, changes]) => {
          const chars = [...text];
          const digits = chars.flatMap((char, index) => (/\d/.test(char) ? [index] : []));
          for (const [at, digit] of changes) chars[digits[at % digits.length]!] = String(digit);
          return chars.join('');
        });
      const garbage = fc.sample(
        fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.stringMatching(/^[0-9T:+\-. Z]{0,30}$/)),
        { numRuns: 2000, seed: 10 },
      );
      const kinds = await compare([
        ...mutated,
        ...garbage.filter((text) => !text.includes('\0')),
        '',
        '   ',
        'TBD',
      ]);
      expect(kinds.get('time')).toBeGreaterThan(100);
      expect(kinds.get('none')).toBeGreaterThan(100);
    },
    SLOW,
  );
  it(
    'gives what parseAnnouncedTime in libs/domain gives, for every text of the grids',
    async () => {
      const texts = [...ISO_GRID, ...WRITTEN_GRID];
      const { rows } = await client.query<{ value: string; at: Date | null }>(
        `SELECT value, beacon_announced_time(value) AS at FROM unnest($1::text[]) AS value`,
        [texts],
      );
      const differing = rows
        .map(({ value, at }) => ({
          value,
          sql: at?.toISOString() ?? null,
          domain: parseAnnouncedTime(value)?.toISOString() ?? null,
        }))
        .filter(({ sql, domain }) => sql !== domain);
      expect(differing.slice(0, 20)).toEqual([]);
    },
    SLOW,
  );
});

function product<T extends unknown[]>(...lists: { [K in keyof T]: T[K][] }): T[] {
  return lists.reduce<unknown[][]>(
    (rows, list) => rows.flatMap((row) => list.map((item) => [...row, item])),
    [[]],
  ) as T[];
}

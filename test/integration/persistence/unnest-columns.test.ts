import { createDataSource, unnestColumns } from '#persistence';
import { createTestDatabase, type TestDatabase } from '#testing';
import fc from 'fast-check';
import type { DataSource } from 'typeorm';

/**
 * Bulk writes send rows as one array per column (`unnestColumns`): every value must come back from
 * `unnest` exactly as it went, whatever its characters (quotes, backslashes, braces, commas, the word NULL,
 * empty text, any Unicode but NUL, which PostgreSQL's text refuses) and whether it is null.
 */
describe('unnestColumns', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = createDataSource(database.url);
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  interface Row {
    text: string | null;
    count: number | null;
    at: string | null;
  }

  const roundTrip = async (rows: Row[]): Promise<Row[]> =>
    (
      await dataSource.query(
        `SELECT text, count, CASE WHEN at IS NULL THEN NULL
                                  ELSE to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') END AS at
         FROM unnest($1::text[], $2::bigint[], $3::timestamptz[]) WITH ORDINALITY AS r(text, count, at, n)
         ORDER BY n`,
        unnestColumns(rows, [(row) => row.text, (row) => row.count, (row) => row.at]),
      )
    ).map((row: { text: string | null; count: string | null; at: string | null }) => ({
      ...row,
      count: row.count === null ? null : Number(row.count),
    }));

  it('gives back awkward texts, nulls and the text NULL as they went', async () => {
    const texts = [
      '',
      'NULL',
      'null',
      '"',
      '\\',
      '\\"',
      '{}',
      '{a,b}',
      'a,b',
      ' padded ',
      '\n\t',
      "it's",
      '😀 é ß',
    ];
    const rows = [...texts, null].map((text, i) => ({ text, count: i % 2 ? null : i, at: null }));
    expect(await roundTrip(rows)).toEqual(rows);
  });

  it('gives back any generated rows as they went', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            text: fc.option(fc.string({ unit: 'binary' }).map((text) => text.replaceAll('\u0000', ''))),
            count: fc.option(fc.maxSafeInteger()),
            at: fc.option(
              fc
                .date({
                  min: new Date('0001-01-01T00:00:00Z'),
                  max: new Date('9999-12-31T23:59:59Z'),
                  noInvalidDate: true,
                })
                .map((date) => date.toISOString()),
            ),
          }),
          { maxLength: 50 },
        ),
        async (rows) => {
          expect(await roundTrip(rows)).toEqual(rows);
        },
      ),
      { numRuns: 100 },
    );
  });
});

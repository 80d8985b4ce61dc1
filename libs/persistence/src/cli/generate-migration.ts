import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataSource } from '../database/data-source.js';
import { startEmbeddedDatabase } from '../database/embedded-database.js';
import { migrateDatabase } from '../database/migrate.js';

/**
 * `npm run migration:generate -- <Name>`: migrates a scratch embedded database, asks TypeORM what the
 * entities still need, and writes it as a migration under migrations/ to be read and registered by hand.
 */
const SCRATCH_DATABASE = 'beacon';
const name = process.argv[2];
if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
  console.error('usage: npm run migration:generate -- <PascalCaseName>');
  process.exit(2);
}

const dataDir = mkdtempSync(join(tmpdir(), 'beacon-migration-'));
chmodSync(dataDir, 0o755);
const database = await startEmbeddedDatabase({ dataDir });
try {
  await migrateDatabase(database.url);
  const dataSource = createDataSource(database.url);
  await dataSource.initialize();
  const sql = await dataSource.driver.createSchemaBuilder().log();
  await dataSource.destroy();
  if (sql.upQueries.length === 0) {
    console.log('The entities and the migrations agree: nothing to generate.');
  } else {
    const timestamp = Date.now();
    // TypeORM declares an enum type shared by several tables once per table: keep the first creation and
    // the last drop.
    const once = (queries: typeof sql.upQueries, keep: 'first' | 'last') => {
      const ordered = keep === 'first' ? queries : [...queries].reverse();
      const seen = new Set<string>();
      const kept = ordered.filter((q) => {
        if (!/^(CREATE|DROP) TYPE/.test(q.query)) return true;
        if (seen.has(q.query)) return false;
        seen.add(q.query);
        return true;
      });
      return keep === 'first' ? kept : kept.reverse();
    };
    const lines = (queries: typeof sql.upQueries) => queries.map(portable).join('\n');
    const file = join('migrations', `${timestamp}-${name}.ts`);
    writeFileSync(
      file,
      `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${timestamp} implements MigrationInterface {
  name = '${name}${timestamp}';

  async up(queryRunner: QueryRunner): Promise<void> {
${lines(once(sql.upQueries, 'first'))}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${lines(once(sql.downQueries.reverse(), 'last'))}
  }
}
`,
    );
    console.log(`Wrote ${file}: read it, then add it to migrations/index.ts.`);
  }
} finally {
  await database.stop();
}

/**
 * TypeORM records generated columns in `typeorm_metadata` under the name of the database it compared
 * against; the migration must name whatever database it runs in.
 */
function portable(query: { query: string; parameters?: unknown[] }): string {
  const kept: unknown[] = [];
  const placeholders = (query.parameters ?? []).map((value) => {
    if (value === SCRATCH_DATABASE) return 'current_database()';
    kept.push(value);
    return `$${kept.length}`;
  });
  const sql = query.query.replace(/\$(\d+)/g, (_, n: string) => placeholders[Number(n) - 1] ?? `$${n}`);
  return `    await queryRunner.query(${JSON.stringify(sql)}${kept.length ? `, ${JSON.stringify(kept)}` : ''});`;
}

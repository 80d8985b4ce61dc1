import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { READS } from './reads.data-source.js';

const MAX_NAMED_STATEMENTS = 500;

/**
 * The API's reads: hand-written statements on the API's own pool (see DatabaseModule), each sent as a named
 * prepared statement. A connection plans a statement once and then reuses the plan, which for the short
 * reads of the API costs as much as running them; the name is derived from the text, so the same text
 * is the same statement on every connection. Filters and page sizes make many texts: past a bound, new
 * ones run unnamed, so that no client can make every connection hold plans without end.
 */
@Injectable()
export class SqlReader {
  private readonly names = new Map<string, string>();

  constructor(@InjectDataSource(READS) private readonly dataSource: DataSource) {}

  async rows<T>(text: string, values: readonly unknown[] = []): Promise<T[]> {
    const result = await this.pool.query<T & pg.QueryResultRow>({
      name: this.nameOf(text),
      text,
      values: [...values],
    });
    return result.rows;
  }

  private get pool(): pg.Pool {
    return (this.dataSource.driver as PostgresDriver).master as pg.Pool;
  }

  private nameOf(text: string): string | undefined {
    let name = this.names.get(text);
    if (name === undefined && this.names.size < MAX_NAMED_STATEMENTS) {
      name = `api_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
      this.names.set(text, name);
    }
    return name;
  }
}

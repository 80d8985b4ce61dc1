import type { RunningBeacon } from '#runtime';
import { createTestDatabase, type TestDatabase } from '#testing';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { buildSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startApi, testConfig } from './support/api-client.js';

const SCHEMA_FILE = path.join(process.cwd(), 'apps/api/schema.gql');

describe('the served schema', () => {
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

  it('is the committed apps/api/schema.gql (regenerate it with `npm start` outside production and tests)', () => {
    const served = printSchema(lexicographicSortSchema(beacon.app.get(GraphQLSchemaHost).schema));
    const committed = printSchema(buildSchema(readFileSync(SCHEMA_FILE, 'utf8')));
    expect(served).toBe(committed);
  });

  it('serves no GraphiQL outside development (NODE_ENV=development)', async () => {
    expect((await fetch(`${beacon.url}/graphiql`)).status).toBe(404);
  });
});

describe('in production', () => {
  let database: TestDatabase;
  let beacon: RunningBeacon;
  const environment = process.env.NODE_ENV;

  beforeAll(async () => {
    database = await createTestDatabase();
    process.env.NODE_ENV = 'production';
    try {
      beacon = await startApi(testConfig(database.url));
    } finally {
      process.env.NODE_ENV = environment;
    }
  });

  afterAll(async () => {
    await beacon?.close();
    await database.drop();
  });

  it('serves no GraphiQL, and GraphQL itself as usual', async () => {
    expect((await fetch(`${beacon.url}/graphiql`)).status).toBe(404);
    const response = await fetch(`${beacon.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ sources { channel } }' }),
    });
    expect(await response.json()).toEqual({ data: { sources: [] } });
  });
});

import { SourceEntity, SourceRepository } from '#persistence';
import { createTestDatabase, startIngestionTestModule, type TestDatabase } from '#testing';
import type { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';

describe(SourceRepository.name, () => {
  let database: TestDatabase;
  let app: TestingModule;
  let sut: SourceRepository;

  beforeEach(async () => {
    database = await createTestDatabase();
    app = await startIngestionTestModule(database.url);
    sut = app.get(SourceRepository);
  });

  afterEach(async () => {
    await app.close();
    await database.drop();
  });

  const sources = async () =>
    (
      await app.get(DataSource).manager.find(SourceEntity, { order: { channel: 'ASC', tenantId: 'ASC' } })
    ).map((s) => [s.channel, s.tenantId, s.state]);

  it('registers configured sources as not yet polled and the others as DISABLED, idempotently', async () => {
    const tenants = [{ id: 'contoso', displayName: 'Contoso' }];
    const configured = [
      { channel: 'GRAPH' as const, tenantId: 'contoso' },
      { channel: 'X' as const, tenantId: null },
    ];
    const disabled = [{ channel: 'STATUS_SITE' as const, tenantId: null }];

    await Promise.all([
      sut.register(tenants, configured, disabled),
      sut.register(tenants, configured, disabled),
    ]);

    expect(await sources()).toEqual([
      ['GRAPH', 'contoso', 'DEGRADED'],
      ['STATUS_SITE', null, 'DISABLED'],
      ['X', null, 'DEGRADED'],
    ]);
  });

  it('follows a change of configuration', async () => {
    await sut.register([], [{ channel: 'X', tenantId: null }], [{ channel: 'GRAPH', tenantId: null }]);
    await sut.register(
      [{ id: 'contoso', displayName: 'Contoso' }],
      [{ channel: 'GRAPH', tenantId: 'contoso' }],
      [{ channel: 'X', tenantId: null }],
    );
    await sut.register(
      [{ id: 'fabrikam', displayName: 'Fabrikam' }],
      [{ channel: 'GRAPH', tenantId: 'fabrikam' }],
      [],
    );

    expect(await sources()).toEqual([
      ['GRAPH', 'contoso', 'DISABLED'],
      ['GRAPH', 'fabrikam', 'DEGRADED'],
      ['X', null, 'DISABLED'],
    ]);
  });

  it('registers a thousand tenants, disables them, and polls them again when they come back', async () => {
    const tenants = Array.from({ length: 1000 }, (_, i) => ({ id: `t${i}`, displayName: `T${i}` }));
    const graph = tenants.map(({ id }) => ({ channel: 'GRAPH' as const, tenantId: id }));
    const x = { channel: 'X' as const, tenantId: null };
    await sut.register(tenants, [...graph, x], []);
    await app
      .get(DataSource)
      .query(`UPDATE sources SET state = 'HEALTHY', last_error = NULL, next_attempt_at = now()`);

    await sut.register([], [], [x]);
    const stopped = await app.get(DataSource).manager.find(SourceEntity);
    expect(new Set(stopped.map((s) => `${s.state} ${s.nextAttemptAt}`))).toEqual(new Set(['DISABLED null']));

    await sut.register(tenants.slice(0, 600), [...graph.slice(0, 600), x], []);
    const back = await app.get(DataSource).manager.find(SourceEntity);
    const states = (rows: SourceEntity[]) => [...new Set(rows.map((s) => `${s.state} ${s.lastError}`))];
    expect(states(back.filter((s) => s.tenantId === null || Number(s.tenantId.slice(1)) < 600))).toEqual([
      'DEGRADED not polled yet',
    ]);
    expect(states(back.filter((s) => s.tenantId !== null && Number(s.tenantId.slice(1)) >= 600))).toEqual([
      'DISABLED null',
    ]);
  });
});

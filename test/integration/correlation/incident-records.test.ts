import {
  createDataSource,
  IncidentEntity,
  type IncidentFields,
  IncidentRecordsRepository,
  IncidentReferenceEntity,
} from '#persistence';
import { createTestDatabase, type TestDatabase } from '#testing';
import type { DataSource } from 'typeorm';

/**
 * The correlator's incidents as rows: every field written comes back as itself, as TypeORM's entity reads
 * give it (dates as Dates, nulls as nulls), since the incident store compares them to decide what changed.
 */
describe('IncidentRecordsRepository', () => {
  const records = new IncidentRecordsRepository();
  let database: TestDatabase;
  let dataSource: DataSource;

  const everyFieldSet: IncidentFields = {
    reference: 'EX100',
    title: 'Users can’t send mail',
    serviceId: 'exchange',
    serviceName: 'Exchange Online',
    feature: 'E-Mail and calendar access',
    featureGroup: 'E-Mail and calendar access',
    classification: 'ADVISORY',
    origin: 'microsoft',
    status: 'serviceDegradation',
    level: 'DEGRADED',
    isResolved: true,
    impactDescription: 'Some users can’t send mail.',
    startedAt: new Date('2026-03-01T08:00:00.123Z'),
    endedAt: new Date('2026-03-01T10:30:00.000Z'),
    firstSeenAt: new Date('2026-03-01T08:01:02.345Z'),
    lastUpdatedAt: new Date('2026-03-01T10:31:00.999Z'),
    provisional: false,
    graphModifiedAt: new Date('2026-03-01T10:31:00.999Z'),
    graphPayloadHash: 'a1b2c3',
    postIncidentReportAvailable: true,
  };
  const everyNullableNull: IncidentFields = {
    reference: 'BCN-0000000001',
    title: 'Teams is down',
    serviceId: null,
    serviceName: null,
    feature: null,
    featureGroup: null,
    classification: 'INCIDENT',
    origin: null,
    status: 'investigating',
    level: 'INVESTIGATING',
    isResolved: false,
    impactDescription: null,
    startedAt: null,
    endedAt: null,
    firstSeenAt: new Date('2026-03-02T00:00:00.001Z'),
    lastUpdatedAt: new Date('2026-03-02T00:00:00.002Z'),
    provisional: true,
    graphModifiedAt: null,
    graphPayloadHash: null,
    postIncidentReportAvailable: false,
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = createDataSource(database.url);
    await dataSource.initialize();
    await dataSource.query(`INSERT INTO services (id, name) VALUES ('exchange', 'Exchange Online')`);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database.drop();
  });

  /** The incident as TypeORM's entity API reads it. */
  const asTypeOrmReadsIt = (id: string) => dataSource.manager.findOneByOrFail(IncidentEntity, { id });

  it.each([
    ['every field set', everyFieldSet],
    ['every nullable field null', everyNullableNull],
  ])(
    'gives back an incident written with %s as it was written, and as the entity API reads it',
    async (_, fields) => {
      const [created] = await records.insert(dataSource.manager, [fields]);
      expect(created).toBeInstanceOf(IncidentEntity);
      expect(created).toEqual({ ...fields, id: expect.any(String) });

      const [found] = await records.byReferences(dataSource.manager, [fields.reference]);
      expect(found!.reference).toBe(fields.reference);
      expect(found!.incident).toStrictEqual(created);
      expect(found!.incident).toStrictEqual(await asTypeOrmReadsIt(created!.id));
      expect(
        await dataSource.manager.findOneByOrFail(IncidentReferenceEntity, { reference: fields.reference }),
      ).toEqual({
        reference: fields.reference,
        incidentId: created!.id,
      });
    },
  );

  it('reads open incidents of a service and provisional ones in a window as the same objects', async () => {
    const [open] = await records.insert(dataSource.manager, [
      { ...everyFieldSet, reference: 'EX200', isResolved: false, endedAt: null },
    ]);
    const [provisional] = await records.insert(dataSource.manager, [
      { ...everyNullableNull, reference: 'BCN-0000000002', serviceId: 'exchange', startedAt: null },
    ]);
    expect(await records.openOfService(dataSource.manager, 'exchange')).toEqual(
      expect.arrayContaining([open, provisional]),
    );
    expect(
      await records.provisionalWithoutMicrosoftId(
        dataSource.manager,
        ['exchange'],
        new Date('2026-03-01T23:00:00Z'),
        new Date('2026-03-02T01:00:00Z'),
      ),
    ).toStrictEqual([provisional]);
  });

  it('writes each field it is given, nulls and values alike, and leaves a field given as undefined alone', async () => {
    const [incident] = await records.insert(dataSource.manager, [{ ...everyFieldSet, reference: 'EX300' }]);
    const { reference: _, ...others } = everyNullableNull;
    await records.update(dataSource.manager, incident!.id, { ...others, title: undefined });
    expect(await asTypeOrmReadsIt(incident!.id)).toStrictEqual(
      Object.assign(new IncidentEntity(), {
        ...everyNullableNull,
        reference: 'EX300',
        title: everyFieldSet.title,
        id: incident!.id,
      }),
    );
    await records.update(dataSource.manager, incident!.id, { ...everyFieldSet, reference: 'EX300' });
    expect(await asTypeOrmReadsIt(incident!.id)).toStrictEqual(
      Object.assign(new IncidentEntity(), { ...everyFieldSet, reference: 'EX300', id: incident!.id }),
    );
  });

  it('gives a field not given the column’s default', async () => {
    const {
      postIncidentReportAvailable: _,
      startedAt: __,
      ...given
    } = { ...everyFieldSet, reference: 'EX400' };
    const [incident] = await records.insert(dataSource.manager, [given as IncidentFields]);
    expect(await asTypeOrmReadsIt(incident!.id)).toMatchObject({
      postIncidentReportAvailable: false,
      startedAt: null,
    });
  });

  it('inserts thousands at once, each under its own reference', async () => {
    const fieldsList = Array.from({ length: 2_345 }, (_, index) => ({
      ...everyNullableNull,
      reference: `BULK-${index}`,
    }));
    const created = await records.insert(dataSource.manager, fieldsList);
    expect(created.map((incident) => incident.reference)).toEqual(
      fieldsList.map((fields) => fields.reference),
    );
    const stored: Array<{ reference: string; id: string }> = await dataSource.query(
      `SELECT r.reference, i.id FROM incident_references r JOIN incidents i ON i.id = r.incident_id AND i.reference = r.reference
       WHERE r.reference LIKE 'BULK-%'`,
    );
    expect(new Map(stored.map((row) => [row.reference, row.id]))).toEqual(
      new Map(created.map((incident) => [incident.reference, incident.id])),
    );
  });

  it('refuses a field that is not a column', async () => {
    const [incident] = await records.insert(dataSource.manager, [{ ...everyFieldSet, reference: 'EX500' }]);
    await expect(
      records.update(dataSource.manager, incident!.id, { search: 'x' } as Partial<IncidentFields>),
    ).rejects.toThrow('no writable column for the field "search"');
  });
});

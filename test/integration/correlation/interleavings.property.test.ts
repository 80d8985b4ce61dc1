import { Correlator, RebuildService } from '#correlation';
import type { RawSignal } from '#domain';
import { TenantEntity, storeSignals } from '#persistence';
import {
  correlateAll,
  createTestDatabase,
  derivedState,
  graphHealthOverviewSignal,
  graphIssueSignal,
  startCorrelationTestModule,
  statusSitePostSignal,
  type TestDatabase,
  xPostSignal,
} from '#testing';
import type { TestingModule } from '@nestjs/testing';
import fc from 'fast-check';
import { DataSource } from 'typeorm';

/**
 * Property: what correlation derives depends on what the channels said and when each poll observed it,
 * never on the order in which polls commit, on retries, on how the correlator batches the log, or on a
 * rebuild. Histories are generated (seeded: `FC_SEED` replays one, `FC_RUNS` sets how many); each is stored
 * once in time order and once in a random commit order across sources, with retries, and the two derived
 * states, and a rebuild of each, must be equal.
 */
const RUNS = Number(process.env.FC_RUNS ?? 40);
const T0 = Date.UTC(2026, 10, 2, 8, 0);
const minute = (m: number) => new Date(T0 + m * 60_000);
const TENANTS = ['t1', 't2'];

const SERVICES = [
  { prefix: 'EX', id: 'Exchange', name: 'Exchange Online', spoken: 'Outlook' },
  { prefix: 'TM', id: 'microsoftteams', name: 'Microsoft Teams', spoken: 'Microsoft Teams' },
  { prefix: 'SP', id: 'SharePoint', name: 'SharePoint Online', spoken: 'SharePoint Online' },
] as const;

const incidentArbitrary = fc.record({
  service: fc.constantFrom(...SERVICES),
  number: fc.integer({ min: 1_000_000, max: 9_999_999 }),
  start: fc.integer({ min: 0, max: 150 }),
  duration: fc.integer({ min: 10, max: 120 }),
  /** Minutes after the start when Graph first lists it (it may be dark for a while). */
  graphDelay: fc.integer({ min: 0, max: 90 }),
  /** The tenants whose Graph lists it; none: only the public channels know it. */
  tenants: fc.subarray(TENANTS),
  xCitesId: fc.boolean(),
  onStatusSite: fc.boolean(),
});
type Incident = typeof incidentArbitrary extends fc.Arbitrary<infer T> ? T : never;

interface Poll {
  source: string;
  observedAt: Date;
  signals: RawSignal[];
}

/** What each source would have answered, poll by poll, while the incidents happened. */
function historyOf(incidents: Incident[]): Poll[] {
  const idOf = (incident: Incident) => `${incident.service.prefix}${incident.number}`;
  const end = (incident: Incident) => incident.start + incident.duration;
  const polls: Poll[] = [];
  const sources = [
    ...TENANTS.map((tenant, index) => ({ source: `GRAPH:${tenant}`, every: 5, offset: index })),
    { source: 'X', every: 7, offset: 2 },
    { source: 'STATUS_SITE', every: 11, offset: 3 },
  ];
  for (const { source, every, offset } of sources) {
    for (let m = every; m <= 300; m += every) {
      // Distinct instants, as polls of different sources have.
      const observedAt = new Date(minute(m).getTime() + offset * 1000);
      const signals = answerOf(source, m, m - every);
      if (signals.length > 0) polls.push({ source, observedAt, signals });
    }
  }
  return polls.sort((a, b) => a.observedAt.getTime() - b.observedAt.getTime());

  function answerOf(source: string, m: number, previous: number): RawSignal[] {
    if (source.startsWith('GRAPH:')) {
      const tenant = source.slice('GRAPH:'.length);
      const listed = incidents.filter(
        (i) => i.tenants.includes(tenant) && i.start + i.graphDelay <= m && dedupe(i),
      );
      return [
        ...SERVICES.map((service) => {
          const active = listed.some((i) => i.service.id === service.id && end(i) > m);
          return graphHealthOverviewSignal(
            tenant,
            service.id,
            service.name,
            active ? 'serviceDegradation' : 'serviceOperational',
          );
        }),
        ...listed.map((i) => {
          const resolved = end(i) <= m;
          const posts = [
            { createdDateTime: minute(i.start + i.graphDelay).toISOString(), content: 'Investigating.' },
          ];
          if (resolved) posts.push({ createdDateTime: minute(end(i)).toISOString(), content: 'Resolved.' });
          return graphIssueSignal(tenant, {
            id: idOf(i),
            service: i.service.name,
            status: resolved ? 'serviceRestored' : 'serviceDegradation',
            isResolved: resolved,
            startDateTime: minute(i.start).toISOString(),
            endDateTime: resolved ? minute(end(i)).toISOString() : null,
            lastModifiedDateTime: posts.at(-1)!.createdDateTime,
            posts,
          });
        }),
      ];
    }
    const within = (at: number) => at > previous && at <= m;
    if (source === 'X') {
      return incidents.flatMap((i) => {
        const id = i.xCitesId ? ` ${idOf(i)}` : '';
        const posts = [
          [i.start, `We're investigating an issue where users can't access ${i.service.spoken}.${id}`],
          [
            i.start + Math.floor(i.duration / 2),
            `We've identified the cause of the ${i.service.spoken} issue.${id}`,
          ],
          [end(i), `We've confirmed that ${i.service.spoken} service is restored.${id}`],
        ] as const;
        return posts
          .filter(([at]) => within(at))
          .map(([at, text]) => xPostSignal(`${i.number}-${at}`, text, minute(at)));
      });
    }
    return incidents
      .filter((i) => i.onStatusSite && (within(i.start + 1) || within(end(i))))
      .map((i) =>
        within(end(i))
          ? statusSitePostSignal(
              'Service restored',
              `Title: ${i.service.name}<br>Resolved ${idOf(i)}`,
              minute(end(i)),
            )
          : statusSitePostSignal(
              'Service degradation',
              `Title: ${i.service.name}<br>Investigating ${idOf(i)}`,
              minute(i.start + 1),
            ),
      );
  }

  /** Two generated incidents with one id are one incident. */
  function dedupe(incident: Incident): boolean {
    return incidents.find((other) => idOf(other) === idOf(incident)) === incident;
  }
}

/** The same polls in another commit order: sources interleaved at random (each in its own order), some retried. */
function interleaved(polls: Poll[], random: () => number): Poll[] {
  const queues = new Map<string, Poll[]>();
  for (const poll of polls) queues.set(poll.source, [...(queues.get(poll.source) ?? []), poll]);
  const order: Poll[] = [];
  while (queues.size > 0) {
    const sources = [...queues.keys()];
    const source = sources[Math.floor(random() * sources.length)]!;
    const queue = queues.get(source)!;
    const poll = queue.shift()!;
    order.push(poll);
    // A retry stores the same answer again (a second process, or a poll whose outcome was lost).
    if (random() < 0.15) order.push(poll);
    if (queue.length === 0) queues.delete(source);
  }
  return order;
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('correlation over generated histories', () => {
  let database: TestDatabase;
  let app: TestingModule;
  let dataSource: DataSource;
  const now = minute(400);

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startCorrelationTestModule(database.url);
    dataSource = app.get(DataSource);
    await dataSource.manager.insert(
      TenantEntity,
      TENANTS.map((id) => ({ id, displayName: id })),
    );
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  async function reset(): Promise<void> {
    await dataSource.query(
      `TRUNCATE raw_signals, raw_payloads, incidents, incident_references, messages, service_evidence,
                service_statuses, service_status_changes, correlation_cursor, services CASCADE`,
    );
  }

  /**
   * Stores the polls in the given order, then folds the log. With `stepSize`, the correlator also folds
   * in steps of that size between polls, as the live one does: only valid for polls stored in time order,
   * since live polls are observed when they store (a later commit is never observed earlier than what the
   * correlator has passed; the test below checks that with real concurrent transactions).
   */
  async function ingest(polls: Poll[], random: () => number, stepSize?: number) {
    for (const poll of polls) {
      await dataSource.transaction((manager) => storeSignals(manager, poll.signals, poll.observedAt));
      if (stepSize !== undefined && random() < 0.3) await app.get(Correlator).step(now, false, stepSize);
    }
    await correlateAll(app.get(Correlator), now, true);
    return derivedState(dataSource);
  }

  async function rebuilt() {
    await app.get(RebuildService).rebuild();
    return derivedState(dataSource);
  }

  it('derives the same incidents, updates, sightings and statuses whatever the commit order, and rebuilds them exactly', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(incidentArbitrary, { minLength: 1, maxLength: 4 }),
        fc.integer(),
        fc.integer({ min: 1, max: 50 }),
        async (incidents, seed, stepSize) => {
          const history = historyOf(incidents);
          const random = mulberry32(seed);

          await reset();
          const inTimeOrder = await ingest(history, random, stepSize);
          expect(await rebuilt()).toEqual(inTimeOrder);

          await reset();
          const inCommitOrder = await ingest(interleaved(history, random), random);
          expect(inCommitOrder).toEqual(inTimeOrder);
          expect(await rebuilt()).toEqual(inTimeOrder);
        },
      ),
      {
        numRuns: RUNS,
        ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}),
      },
    );
  }, 600_000);

  it('folds concurrent polls, observed as they store and committing in any order, exactly as a rebuild does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(incidentArbitrary, { minLength: 1, maxLength: 3 }),
        fc.integer(),
        async (incidents, seed) => {
          const random = mulberry32(seed);
          await reset();
          const correlator = app.get(Correlator);
          let storing = true;
          const folding = (async () => {
            while (storing) {
              await correlator.step(now, false, 1 + Math.floor(random() * 20));
              await new Promise((resolve) => setTimeout(resolve, random() * 5));
            }
          })();
          // Each source stores its polls in order; sources run at once, each transaction held open a while.
          const bySource = new Map<string, Poll[]>();
          for (const poll of historyOf(incidents))
            bySource.set(poll.source, [...(bySource.get(poll.source) ?? []), poll]);
          await Promise.all(
            [...bySource.values()].map(async (polls) => {
              for (const poll of polls) {
                await dataSource.transaction(async (manager) => {
                  await new Promise((resolve) => setTimeout(resolve, random() * 20));
                  await storeSignals(manager, poll.signals);
                  await new Promise((resolve) => setTimeout(resolve, random() * 20));
                });
              }
            }),
          );
          storing = false;
          await folding;
          await correlateAll(correlator, now, true);
          const live = await derivedState(dataSource);
          expect(await rebuilt()).toEqual(live);
        },
      ),
      { numRuns: Math.ceil(RUNS / 4), ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) },
    );
  }, 600_000);
});

import { FAULT_KINDS } from './scenario.vocabulary.js';
import { ScenarioError } from './scenario.error.js';
import { loadScenario, parseScenario, shippedScenarioNames, validateScenario } from './scenario.loader.js';

const problemsOf = (run: () => unknown): string[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof ScenarioError) return error.problems;
    throw error;
  }
  throw new Error('expected a ScenarioError');
};

describe(parseScenario.name, () => {
  it('fills in the defaults of a minimal scenario', () => {
    const scenario = parseScenario('name: minimal\ntenants:\n  - name: contoso\n', 'minimal.yaml');

    expect(scenario.tenants[0]).toMatchObject({
      name: 'contoso',
      displayName: 'contoso',
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/),
      services: expect.arrayContaining([{ id: 'Exchange', service: 'Exchange Online' }]),
    });
    expect(scenario.graph).toMatchObject({
      tokenLifetimeSeconds: 3599,
      throttle: { perMinute: 240, perHour: 800 },
    });
    expect(scenario.x.rateLimit).toEqual({ limit: 900, windowSeconds: 900 });
    expect(scenario.x.user.username).toBe('MSFT365Status');
    expect(scenario.statusSite.m365Consumer).toHaveLength(10);
  });

  it('gives the same derived ids and secrets on every load', () => {
    const text = 'name: same\ntenants:\n  - name: contoso\n';

    expect(parseScenario(text, 'a.yaml').tenants).toEqual(parseScenario(text, 'b.yaml').tenants);
  });

  it.each([
    ['90', 90],
    ['"90s"', 90],
    ['"-40m"', -2400],
    ['"1h30m"', 5400],
    ['"-1d2h"', -93_600],
  ])('reads the offset %s as %p seconds', (written, seconds) => {
    const scenario = parseScenario(
      `name: offsets\nfaults:\n  - { channel: x, kind: timeout, from: ${written} }\n`,
      'o.yaml',
    );

    expect(scenario.faults[0]?.from).toBe(seconds);
  });

  it('names the file, the line, the path and the problem', () => {
    const yaml = [
      'name: broken',
      'tenants:',
      '  - name: contoso',
      '    clientSecret: 42',
      'graph:',
      '  issues:',
      '    - id: EX1',
      '      service: Exchange Online',
      '      title: Mail is slow',
      '      startDateTime: soon',
      '      updates:',
      '        - { at: 0, status: sortOf }',
      '',
    ].join('\n');

    const error = (() => {
      try {
        parseScenario(yaml, 'scenarios/broken.yaml');
      } catch (caught) {
        return caught as ScenarioError;
      }
      throw new Error('expected a ScenarioError');
    })();

    expect(error.message).toMatch(/^Invalid scenario scenarios\/broken\.yaml:/);
    expect(error.problems).toEqual([
      expect.stringMatching(/^line 4, column 19: tenants\[0\]\.clientSecret: .*expected string/),
      expect.stringMatching(
        /^line 10, column 22: graph\.issues\[0\]\.startDateTime: expected seconds from the start/,
      ),
      expect.stringMatching(
        /^line 12, column 28: graph\.issues\[0\]\.updates\[0\]\.status: expected a serviceHealthStatus/,
      ),
    ]);
  });

  it('reports YAML syntax errors with their position', () => {
    const problems = problemsOf(() => parseScenario('name: x\ntenants: [\n', 'bad.yaml'));

    expect(problems[0]).toMatch(/line \d+, column \d+/);
  });

  it.each([
    [
      'an unknown tenant',
      'tenants: [{ name: a }]\ngraph: { issues: [{ id: EX1, tenants: [b], service: s, title: t, startDateTime: 0, updates: [{ at: 0, status: investigating }] }] }',
      /graph\.issues\[0\]\.tenants\[0\]: no tenant is named b/,
    ],
    [
      'a duplicate issue id',
      'graph: { issues: [{ id: EX1, service: s, title: t, startDateTime: 0, updates: [{ at: 0, status: investigating }] }, { id: EX1, service: s, title: t, startDateTime: 0, updates: [{ at: 0, status: investigating }] }] }',
      /graph\.issues\[1\]\.id: issue EX1 is listed twice/,
    ],
    [
      'a first update without status',
      'graph: { issues: [{ id: EX1, service: s, title: t, startDateTime: 0, updates: [{ at: 0 }] }] }',
      /updates\[0\]\.status: the first update needs a status/,
    ],
    ['an unknown field', 'tenants: [{ name: a, secret: x }]', /tenants\[0\]: Unrecognized key: "secret"/],
    [
      'credentials on the status site',
      'faults: [{ channel: statusSite, kind: expiredCredentials, from: 0 }]',
      /faults\[0\]\.kind: the status site takes no credentials/,
    ],
    [
      'an endpoint of another channel',
      'faults: [{ channel: x, kind: timeout, from: 0, endpoints: [issues] }]',
      /faults\[0\]\.endpoints\[0\]: x has no endpoint "issues"/,
    ],
    [
      'tenants on an X fault',
      'tenants: [{ name: a }]\nfaults: [{ channel: x, kind: timeout, from: 0, tenants: [a] }]',
      /faults\[0\]\.tenants: only Graph faults can name tenants/,
    ],
    [
      'a bad time template',
      'x: { tweets: [{ at: 0, text: "Next update by: {{time soon}}" }] }',
      /x\.tweets\[0\]\.text: \{\{time soon\}\} needs an offset/,
    ],
  ])('refuses %s', (_case, body, message) => {
    const problems = problemsOf(() => parseScenario(`name: refused\n${body}\n`, 'refused.yaml'));

    expect(problems).toEqual([expect.stringMatching(message)]);
  });

  it('accepts enum words in any casing and keeps them as written', () => {
    const scenario = validateScenario({
      name: 'casing',
      graph: {
        issues: [
          {
            id: 'EX1',
            service: 'Exchange Online',
            title: 'Mail is slow',
            classification: 'Advisory',
            startDateTime: 0,
            updates: [{ at: 0, status: 'ServiceRestored' }],
          },
        ],
      },
    });

    expect(scenario.graph.issues[0]).toMatchObject({
      classification: 'Advisory',
      updates: [{ status: 'ServiceRestored' }],
    });
  });
});

describe(loadScenario.name, () => {
  it('says which file is missing', async () => {
    await expect(loadScenario('/nowhere/missing.yaml')).rejects.toThrow(
      'Invalid scenario /nowhere/missing.yaml:\n  - no such file',
    );
  });

  it('loads every shipped scenario', async () => {
    const names = await shippedScenarioNames();

    expect(names).toEqual(
      expect.arrayContaining([
        'admin-center-outage',
        'quiet-day',
        'flaky-upstreams',
        'cold-start-outage',
        'status-site-id-prefix',
        'kb-number',
        'post-names-other-service',
        'status-site-restores-own',
      ]),
    );
    for (const name of names) await expect(loadScenario(name)).resolves.toMatchObject({ name });
  });

  it('has every fault kind on show in flaky-upstreams', async () => {
    const scenario = await loadScenario('flaky-upstreams');

    expect(new Set(scenario.faults.map((fault) => fault.kind))).toEqual(new Set(FAULT_KINDS));
  });
});

import { validateScenario } from './scenario.loader.js';
import { generateHistory } from './history.generator.js';

describe(generateHistory.name, () => {
  const options = { seed: 42, tenants: 25, incidents: 600, messages: 50 };

  it('is deterministic from its seed', () => {
    expect(generateHistory(options)).toEqual(generateHistory(options));
    expect(generateHistory({ ...options, seed: 43 })).not.toEqual(generateHistory(options));
  });

  it('makes a valid scenario of the size asked, with posts, tweets and noise', () => {
    const scenario = validateScenario(generateHistory(options), 'generated');

    expect(scenario.tenants).toHaveLength(25);
    expect(new Set(scenario.tenants.map((tenant) => tenant.displayName)).size).toBe(25);
    expect(scenario.graph.issues).toHaveLength(600);
    expect(scenario.graph.messages).toHaveLength(50);
    expect(scenario.graph.issues.every((issue) => issue.updates.length >= 3 && issue.updates[0]?.post)).toBe(
      true,
    );
    expect(scenario.graph.issues.some((issue) => issue.tenants === undefined)).toBe(true);
    expect(scenario.graph.issues.some((issue) => (issue.tenants?.length ?? 0) > 1)).toBe(true);
    expect(scenario.x.tweets.length).toBeGreaterThan(100);
    expect(scenario.x.tweets.some((tweet) => tweet.kind === 'reply')).toBe(true);
    expect(scenario.graph.issues.some((issue) => issue.updates.some((update) => update.incidentReport))).toBe(
      true,
    );
  });
});

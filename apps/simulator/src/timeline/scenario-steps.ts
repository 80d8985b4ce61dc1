import type { Scenario } from '../scenario/scenario.schema.js';

/** One offset of the story where something changes, with what happens there. */
export interface TimelineStep {
  at: number;
  happenings: string[];
}

/**
 * Every change the scenario makes from its start on, grouped by offset: what `step()` walks through and what
 * the control endpoint shows. Changes before the start are history and already in place at offset 0.
 */
export function scenarioSteps(scenario: Scenario): TimelineStep[] {
  const happenings = new Map<number, string[]>();
  const add = (at: number, what: string) => {
    if (at < 0 || !Number.isFinite(at)) return;
    happenings.set(at, [...(happenings.get(at) ?? []), what]);
  };

  for (const issue of scenario.graph.issues) {
    issue.updates.forEach((update, index) => {
      const change = index === 0 ? 'appears' : 'is updated';
      const status = update.status ? ` (${update.status})` : '';
      add(update.at, `graph: ${issue.id} ${change}${status}${update.post ? ' with a post' : ''}`);
    });
  }
  for (const message of scenario.graph.messages) {
    add(message.at, `graph: ${message.id} is published`);
    for (const update of message.updates) add(update.at, `graph: ${message.id} is updated`);
  }
  for (const [name, posts] of Object.entries(scenario.statusSite.posts)) {
    for (const post of posts) add(post.at, `status site ${name}: ${post.status}`);
  }
  for (const workload of scenario.statusSite.m365Consumer) {
    for (const post of workload.posts)
      add(post.at, `status site ${workload.serviceDisplayName}: ${post.status}`);
  }
  for (const tweet of scenario.x.tweets) add(tweet.at, `x: ${tweet.kind} "${shorten(tweet.text)}"`);
  for (const fault of scenario.faults) {
    const scope = fault.tenants ? ` for ${fault.tenants.join(', ')}` : '';
    add(fault.from, `${fault.channel}: ${fault.kind}${scope} starts`);
    add(fault.until, `${fault.channel}: ${fault.kind}${scope} ends`);
  }

  return [...happenings.entries()].sort(([a], [b]) => a - b).map(([at, list]) => ({ at, happenings: list }));
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}

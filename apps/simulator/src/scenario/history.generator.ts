import type { ScenarioInput } from './scenario.schema.js';
import { SeededRandom } from './seeded-random.js';

export interface HistoryOptions {
  /** The same seed gives the same history. */
  seed?: number;
  tenants?: number;
  incidents?: number;
  messages?: number;
  /** How far back the history reaches (Graph keeps about 30 days). */
  days?: number;
  /** The live part after the history, in seconds: incidents keep starting and changing during it. */
  duration?: number;
  startsAt?: string;
}

interface Problem {
  feature: string;
  featureGroup: string;
  title: string;
  impact: string;
}

const WORKLOADS: { prefix: string; service: string; problems: Problem[] }[] = [
  {
    prefix: 'EX',
    service: 'Exchange Online',
    problems: [
      {
        feature: 'Mail flow',
        featureGroup: 'E-Mail timely delivery',
        title: 'Users may experience delays sending or receiving email',
        impact: 'Users may experience delays when sending or receiving email messages.',
      },
      {
        feature: 'Outlook on the web',
        featureGroup: 'E-Mail and calendar access',
        title: 'Users may be unable to access their mailbox using Outlook on the web',
        impact: 'Users may be unable to access their mailbox using Outlook on the web.',
      },
      {
        feature: 'Calendaring',
        featureGroup: 'E-Mail and calendar access',
        title: 'Users may be unable to view or update shared calendars',
        impact: 'Users may be unable to view or update calendars that have been shared with them.',
      },
    ],
  },
  {
    prefix: 'TM',
    service: 'Microsoft Teams',
    problems: [
      {
        feature: 'Teams Components',
        featureGroup: 'Meetings',
        title: 'Users may be unable to join Microsoft Teams meetings',
        impact: 'Users may be unable to join Microsoft Teams meetings or may see delays when joining.',
      },
      {
        feature: 'Teams Components',
        featureGroup: 'Chat',
        title: 'Users may see delays when sending or receiving chat messages',
        impact: 'Users may see delays when sending or receiving chat messages in Microsoft Teams.',
      },
      {
        feature: 'Teams Components',
        featureGroup: 'Presence',
        title: 'Users may see incorrect presence status in Microsoft Teams',
        impact: 'Users may see an incorrect presence status for themselves or others.',
      },
    ],
  },
  {
    prefix: 'SP',
    service: 'SharePoint Online',
    problems: [
      {
        feature: 'Search',
        featureGroup: 'SharePoint Features',
        title: 'Some users may see delays before new content appears in search results',
        impact: 'Users may see delays before newly added or updated content appears in search results.',
      },
      {
        feature: 'Sites',
        featureGroup: 'SharePoint Features',
        title: 'Users may be unable to access some SharePoint Online sites',
        impact: 'Users may receive errors when attempting to access some SharePoint Online sites.',
      },
    ],
  },
  {
    prefix: 'OD',
    service: 'OneDrive for Business',
    problems: [
      {
        feature: 'Sync',
        featureGroup: 'OneDrive for Business',
        title: 'Users may be unable to sync files using the OneDrive sync client',
        impact: 'Users may be unable to sync files or may see sync errors in the OneDrive sync client.',
      },
      {
        feature: 'Sharing',
        featureGroup: 'OneDrive for Business',
        title: 'Users may be unable to create sharing links',
        impact: 'Users may receive an error when attempting to create sharing links for files.',
      },
    ],
  },
  {
    prefix: 'MO',
    service: 'Microsoft 365 suite',
    problems: [
      {
        feature: 'Microsoft 365 admin center',
        featureGroup: 'Administration',
        title: 'Admins may be unable to access the Microsoft 365 admin center',
        impact: 'Admins may be unable to access the Microsoft 365 admin center or Service health.',
      },
      {
        feature: 'Sign-in',
        featureGroup: 'Portal',
        title: 'Users may see delays when signing in to multiple Microsoft 365 services',
        impact: 'Users may see delays or repeated prompts when signing in to Microsoft 365 services.',
      },
    ],
  },
];

const COMPANIES = [
  'Contoso Ltd.',
  'Fabrikam, Inc.',
  'Northwind Traders',
  'Adventure Works',
  'Tailspin Toys',
  'Wide World Importers',
  'Woodgrove Bank',
  'Litware, Inc.',
  'Proseware, Inc.',
  'Lucerne Publishing',
  'Alpine Ski House',
  'Coho Winery',
  'Fourth Coffee',
  "Margie's Travel",
  'Trey Research',
  'Wingtip Toys',
  'Blue Yonder Airlines',
  'Humongous Insurance',
  'Relecloud',
  'Graphic Design Institute',
];

const ACTIONS = [
  "We've identified a recent change that's causing impact and we're reverting it.",
  "We're rebalancing traffic to alternate infrastructure to relieve the impact.",
  "We're applying a configuration fix to the affected infrastructure and monitoring its progress.",
  "We've identified a section of infrastructure performing below acceptable thresholds and we're restarting it.",
];

const MESSAGE_TITLES = [
  'Microsoft Teams: new meeting recap retention setting',
  'Exchange Online: retirement of Basic authentication for SMTP AUTH client submission',
  'SharePoint Online: updated site creation experience',
  'OneDrive: changes to the default sharing link type',
  'Microsoft 365 apps: updated ribbon layout in Word, Excel and PowerPoint for the web',
  'Microsoft Purview: new retention label conditions',
];

/**
 * A large, plausible history for benchmarks: many tenants, thousands of incidents with their posts, the
 * tweets that went with the big ones (plus replies and reposts as noise) and message center posts.
 * Deterministic from the seed; the result is a scenario like any other (write it out as YAML, or pass it
 * to `startSimulator`).
 */
export function generateHistory(options: HistoryOptions = {}): ScenarioInput {
  const seed = options.seed ?? 1;
  const random = new SeededRandom(seed);
  const days = options.days ?? 28;
  const duration = options.duration ?? 3600;
  const tenants = Array.from({ length: options.tenants ?? 20 }, (_, index) => {
    const company = COMPANIES[index % COMPANIES.length] ?? 'Tenant';
    const round = Math.floor(index / COMPANIES.length);
    return {
      name: `tenant-${String(index + 1).padStart(3, '0')}`,
      displayName: round === 0 ? company : `${company} (${round + 1})`,
    };
  });
  const tenantNames = tenants.map((tenant) => tenant.name);

  const issues: NonNullable<NonNullable<ScenarioInput['graph']>['issues']> = [];
  const tweets: NonNullable<NonNullable<ScenarioInput['x']>['tweets']> = [];
  for (let index = 0; index < (options.incidents ?? 2000); index += 1) {
    const workload = random.pick(WORKLOADS);
    const problem = random.pick(workload.problems);
    const id = `${workload.prefix}${1_100_000 + index}`;
    const start = random.int(-days * 86_400, duration - 600);
    const length = random.int(20 * 60, 10 * 3600);
    const global = random.chance(0.4);
    const classification = random.chance(0.6) ? 'incident' : 'advisory';
    const updates = issueUpdates(random, problem, start, length);
    if (classification === 'incident' && random.chance(0.15)) {
      updates.push({
        at: start + length + 2 * 86_400,
        status: 'postIncidentReviewPublished',
        incidentReport: `Post-Incident Report - ${id}\n${problem.title}\n\nRoot cause: ${random.pick(ACTIONS)}\n`,
      });
    }
    issues.push({
      id,
      ...(global
        ? {}
        : { tenants: random.sample(tenantNames, random.int(1, Math.min(5, tenantNames.length))) }),
      service: workload.service,
      feature: problem.feature,
      featureGroup: problem.featureGroup,
      classification,
      title: problem.title,
      impactDescription: problem.impact,
      startDateTime: start,
      updates,
    });
    if (global && classification === 'incident')
      tweets.push(...incidentTweets(random, id, problem, start, length));
  }

  const messages = Array.from({ length: options.messages ?? 200 }, (_, index) => {
    const at = random.int(-days * 86_400, 0);
    return {
      id: `MC${1_100_000 + index}`,
      at,
      title: random.pick(MESSAGE_TITLES),
      category: random.pick(['preventOrFixIssue', 'planForChange', 'stayInformed']),
      severity: random.chance(0.1) ? 'high' : 'normal',
      tags: random.sample(['New feature', 'User impact', 'Admin impact', 'Retirement', 'Updated message'], 2),
      services: [random.pick(WORKLOADS).service],
      body: '<p>We are rolling out this change to all tenants. Review the details and prepare your users.</p>',
      endDateTime: at + random.int(30, 180) * 86_400,
    };
  });

  return {
    name: `history-${seed}`,
    description: `Generated history: ${tenants.length} tenants, ${issues.length} issues, ${tweets.length} tweets, seed ${seed}.`,
    ...(options.startsAt === undefined ? {} : { startsAt: options.startsAt }),
    duration,
    tenants,
    graph: { issues, messages },
    x: { tweets: tweets.sort((a, b) => Number(a.at) - Number(b.at)) },
  };
}

type IssueUpdates = NonNullable<NonNullable<ScenarioInput['graph']>['issues']>[number]['updates'];

/** An investigation, one to four progress posts about an hour apart, and the final post. */
function issueUpdates(random: SeededRandom, problem: Problem, start: number, length: number): IssueUpdates {
  const post = (at: number, lines: string[]) =>
    [`Title: ${problem.title}`, `User impact: ${problem.impact}`, ...lines].join('<br><br>') +
    (at < start + length ? `<br><br>Next update by: {{time ${at + 3600}}}` : '');
  const first = start + random.int(3, 15) * 60;
  const updates: IssueUpdates = [
    {
      at: first,
      status: 'investigating',
      post: post(first, [
        "Current status: We're investigating reports of this issue and reviewing service telemetry to determine the cause.",
      ]),
    },
  ];
  const progress = random.int(1, 4);
  for (let step = 1; step <= progress; step += 1) {
    const at = first + Math.round(((start + length - first) * step) / (progress + 1));
    updates.push({
      at,
      status: random.pick([
        'serviceDegradation',
        'serviceDegradation',
        'serviceInterruption',
        'restoringService',
      ]),
      post: post(at, [`Current status: ${random.pick(ACTIONS)}`, `Start time: {{time ${start}}}`]),
    });
  }
  const falsePositive = random.chance(0.05);
  updates.push({
    at: start + length,
    status: falsePositive ? 'falsePositive' : 'serviceRestored',
    post: post(start + length, [
      falsePositive
        ? "Final status: After further investigation we've determined that the service was not affected."
        : "Final status: We've confirmed through monitoring that the issue is resolved.",
      `Start time: {{time ${start}}}`,
      `End time: {{time ${start + length}}}`,
      'This is the final update for the event.',
    ]),
  });
  return updates;
}

function incidentTweets(random: SeededRandom, id: string, problem: Problem, start: number, length: number) {
  const issue = problem.title.charAt(0).toLowerCase() + problem.title.slice(1);
  const tweets: NonNullable<NonNullable<ScenarioInput['x']>['tweets']> = [
    {
      at: start + random.int(2, 10) * 60,
      text: `We're investigating an issue in which ${issue}. More info can be found under ${id} in the admin center.`,
    },
    {
      at: start + length + random.int(1, 5) * 60,
      text: `We've confirmed that the issue in which ${issue} is now resolved. More info under ${id}.`,
    },
  ];
  if (random.chance(0.1)) {
    tweets.push({
      at: start + random.int(10, 30) * 60,
      kind: 'reply',
      text: `@it_helpdesk_${random.int(10, 99)} Thanks for reaching out. We're investigating under ${id}; please follow along here for updates.`,
    });
  }
  if (random.chance(0.03)) {
    tweets.push({
      at: start + random.int(10, 30) * 60,
      kind: 'repost',
      text: `RT @Microsoft365: We're aware of an issue and tracking it under ${id}. Follow @MSFT365Status for updates.`,
    });
  }
  return tweets;
}

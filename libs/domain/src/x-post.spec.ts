import type { HealthLevel } from './health-level.js';
import type { GraphServiceHealthStatus } from './status-word.js';
import { X_OPENERS, X_POST_RULES, isXPostOpener, readXPost } from './x-post.js';

const RESOLVED = { status: 'serviceRestored', level: 'OPERATIONAL', isResolved: true } as const;
const INTERRUPTED = { status: 'serviceInterruption', level: 'INTERRUPTED', isResolved: false } as const;
const DEGRADED = { status: 'serviceDegradation', level: 'DEGRADED', isResolved: false } as const;
const INVESTIGATING = { status: 'investigating', level: 'INVESTIGATING', isResolved: false } as const;

const LEVEL_OF_RULE: Record<string, HealthLevel> = {
  serviceRestored: 'OPERATIONAL',
  serviceInterruption: 'INTERRUPTED',
  serviceDegradation: 'DEGRADED',
};

describe(readXPost.name, () => {
  it.each(
    X_POST_RULES.flatMap((rule) =>
      rule.words.map(
        (word) =>
          [word, rule.status, LEVEL_OF_RULE[rule.status]] as [string, GraphServiceHealthStatus, HealthLevel],
      ),
    ),
  )('reads the word %j as %s (%s)', (word, status, level) => {
    expect(readXPost(`Some users are seeing this: ${word.toUpperCase()} for TM1234567.`)).toMatchObject({
      status,
      level,
    });
  });

  it.each([
    // The contract's and the samples' posts.
    [
      "We're investigating an issue with accessing Outlook on the web. Further details can be found under EX571516 in the admin center.",
      INVESTIGATING,
    ],
    [
      "We've identified downstream impact for Microsoft Teams, SharePoint Online and OneDrive for Business. We're providing full impact details and updates for those services via MO571683.",
      INVESTIGATING,
    ],
    [
      "We're investigating an issue in which admins may be unable to access the Microsoft 365 admin center. We'll provide updates here while the admin center is not accessible.",
      DEGRADED,
    ],
    ['Our automated recovery features have taken action to restore service … TM1112332', INVESTIGATING],
    [
      "We've identified a recent configuration change that's causing delays joining Microsoft Teams meetings. We're reverting the change. More info under TM1199007 in the admin center.",
      DEGRADED,
    ],
    // Resolution wins over every other word.
    [
      "We've confirmed that the issue is now resolved. Users who were unable to join meetings can now.",
      RESOLVED,
    ],
    ['We’ve restored service after the outage affecting Exchange Online. EX571516', RESOLVED],
    ['Impact has been mitigated; delays should subside. EX1190034', RESOLVED],
    ['Users should no longer experience issues accessing Teams. TM1199007', RESOLVED],
    ['Mail flow has RECOVERED after the degradation. EX1190034', RESOLVED],
    // A promise or a partial step is not a resolution.
    ['The issue is not yet resolved; users may be unable to access Teams.', DEGRADED],
    ["The outage isn't resolved yet.", INTERRUPTED],
    ['We expect service to be restored by 12:00 UTC. Users are unable to sign in.', DEGRADED],
    ["We'll provide updates until the issue is resolved.", INVESTIGATING],
    ['We’ll post again once service is restored.', INVESTIGATING],
    ['We’ve partially mitigated the impact; some users remain unable to send mail.', DEGRADED],
    ['We’ve partially mitigated the impact. Service is now restored for all users.', RESOLVED],
    // Levels by their words.
    ['Users may experience an outage of Teams.', INTERRUPTED],
    ['Exchange Online is DOWN for some users.', INTERRUPTED],
    ['Some users may see interruptions and delays in SharePoint.', INTERRUPTED],
    ['Users may see delayed delivery of email.', DEGRADED],
    ['Users may see degraded performance.', DEGRADED],
    ["We're narrowing down the cause of the delays.", DEGRADED],
    ["We're narrowing down the cause.", INVESTIGATING],
    ['We’re downgrading nothing; downstream impact is being assessed.', INVESTIGATING],
    ["We're reviewing reports of an issue.", INVESTIGATING],
    ['', INVESTIGATING],
  ])('reads %j', (text, reading) => {
    expect(readXPost(text)).toEqual(reading);
  });
});

describe(isXPostOpener.name, () => {
  it.each(X_OPENERS)('takes %j as an opener', (opener) => {
    expect(isXPostOpener(`${opener} an issue affecting Microsoft Teams.`)).toBe(true);
  });

  it.each([
    "We're investigating an issue in which admins may be unable to access the Microsoft 365 admin center.",
    'We are investigating reports of delays in Exchange Online.',
    'We’re currently investigating an issue with Teams.',
    'We have identified the cause of the problem.',
    "WE'VE CONFIRMED an issue with SharePoint Online.",
    "We're looking into reports that users can't sign in.",
    'Update: we’re reviewing telemetry for Outlook on the web.',
  ])('takes %j as an opener', (text) => {
    expect(isXPostOpener(text)).toBe(true);
  });

  it.each([
    "We've confirmed that the issue affecting Microsoft Teams is now resolved.",
    "We're investigating why the fix took so long; service has been restored.",
    'Users should no longer experience problems. We have confirmed the fix.',
    'More info under TM1199007 in the admin center.',
    'Users may be unable to access Outlook.',
    'They are investigating.',
    '',
  ])('does not take %j as an opener', (text) => {
    expect(isXPostOpener(text)).toBe(false);
  });
});

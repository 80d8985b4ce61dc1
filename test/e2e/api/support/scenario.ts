import { contentHash } from '#connectors';
import type { RawSignal } from '#domain';
import { graphHealthOverviewSignal, graphIssueSignal, statusSiteFeedItemSignal, xPostSignal } from '#testing';
import type { TestIngestor } from './ingestor.js';

export const CONTOSO = 'contoso.onmicrosoft.com';
export const FABRIKAM = 'fabrikam.onmicrosoft.com';

/** A Graph message-center post, as the Graph connector stores it. */
export function graphMessageSignal(
  tenantId: string,
  input: {
    id: string;
    title: string;
    body: string;
    lastModified: Date;
    category?: string;
    services?: string[];
    tags?: string[];
    isMajorChange?: boolean;
    severity?: string;
    actionRequiredBy?: Date;
  },
): RawSignal {
  const payload = {
    id: input.id,
    title: input.title,
    category: input.category ?? 'stayInformed',
    severity: input.severity ?? 'normal',
    tags: input.tags ?? [],
    services: input.services ?? [],
    isMajorChange: input.isMajorChange ?? false,
    startDateTime: new Date(input.lastModified.getTime() - 86_400_000).toISOString(),
    endDateTime: null,
    actionRequiredByDateTime: input.actionRequiredBy?.toISOString() ?? null,
    lastModifiedDateTime: input.lastModified.toISOString(),
    body: { contentType: 'html', content: `<p>${input.body}</p>` },
  };
  return {
    channel: 'GRAPH',
    tenantId,
    kind: 'graph.message',
    externalId: input.id,
    contentHash: contentHash(payload),
    payloadHash: contentHash(payload),
    publishedAt: input.lastModified,
    payload,
  };
}

/** Minutes after the start of the story (two hours before the test runs). */
export function storyClock(now = Date.now()): (minutes: number) => Date {
  const start = now - 2 * 3600_000;
  return (minutes) => new Date(start + minutes * 60_000);
}

/**
 * A morning of two tenants, as the ingestors would have stored it:
 * - EX1190001 (Exchange, both tenants, active), with two Graph posts and an X post;
 * - SP1190002 (SharePoint, Contoso, resolved advisory, a day ago);
 * - TM1190003 (Teams, Fabrikam only, active);
 * - MO1190004 (admin center, provisional: only X knows it);
 * - OD1190005 (OneDrive, Contoso): an X opener first, under a provisional id of Beacon's own that
 *   becomes an alias once Graph names it;
 * - the status site says the admin center is degraded;
 * - three message-center posts;
 * - Graph fresh for Contoso, stale for Fabrikam.
 */
export async function seedMorning(
  ingestor: TestIngestor,
): Promise<{ provisionalOneDriveId: string; at: (minutes: number) => Date }> {
  const at = storyClock();
  await ingestor.registerTenants([{ id: CONTOSO }, { id: FABRIKAM }]);

  await ingestor.ingest(
    [
      graphHealthOverviewSignal(CONTOSO, 'Exchange', 'Exchange Online', 'serviceDegradation'),
      graphHealthOverviewSignal(CONTOSO, 'microsoftteams', 'Microsoft Teams', 'serviceOperational'),
      graphHealthOverviewSignal(CONTOSO, 'SharePoint', 'SharePoint Online', 'serviceOperational'),
      graphHealthOverviewSignal(CONTOSO, 'OSDPPlatform', 'Microsoft 365 suite', 'serviceOperational'),
      graphHealthOverviewSignal(
        CONTOSO,
        'OneDriveForBusiness',
        'OneDrive for Business',
        'serviceOperational',
      ),
      graphIssueSignal(CONTOSO, {
        id: 'SP1190002',
        title: 'Users may be unable to sync document libraries',
        service: 'SharePoint Online',
        status: 'serviceRestored',
        classification: 'advisory',
        isResolved: true,
        startDateTime: at(-26 * 60).toISOString(),
        endDateTime: at(-20 * 60).toISOString(),
        lastModifiedDateTime: at(-20 * 60).toISOString(),
        impactDescription: 'Users may be unable to sync SharePoint Online document libraries.',
        posts: [
          {
            createdDateTime: at(-25 * 60).toISOString(),
            content: 'Current status: We are reviewing telemetry.',
          },
        ],
      }),
    ],
    at(-20 * 60),
  );

  const exchange = {
    id: 'EX1190001',
    title: 'Users may experience delays sending or receiving email',
    service: 'Exchange Online',
    status: 'serviceDegradation',
    startDateTime: at(0).toISOString(),
    lastModifiedDateTime: at(30).toISOString(),
    impactDescription: 'Users may experience delays when sending or receiving email messages.',
    posts: [
      {
        createdDateTime: at(5).toISOString(),
        content: 'Current status: We are investigating mailbox queues.',
      },
      { createdDateTime: at(30).toISOString(), content: 'Current status: We are rebalancing traffic.' },
    ],
  };
  await ingestor.ingest([graphIssueSignal(CONTOSO, exchange)], at(31));
  await ingestor.ingest(
    [
      graphHealthOverviewSignal(FABRIKAM, 'Exchange', 'Exchange Online', 'serviceDegradation'),
      graphHealthOverviewSignal(FABRIKAM, 'microsoftteams', 'Microsoft Teams', 'serviceInterruption'),
      graphIssueSignal(FABRIKAM, exchange),
      graphIssueSignal(FABRIKAM, {
        id: 'TM1190003',
        title: 'Users may be unable to join Microsoft Teams meetings',
        service: 'Microsoft Teams',
        status: 'serviceInterruption',
        startDateTime: at(20).toISOString(),
        lastModifiedDateTime: at(40).toISOString(),
        impactDescription: 'Users may be unable to join meetings.',
        posts: [
          { createdDateTime: at(40).toISOString(), content: 'Current status: We are reverting a change.' },
        ],
      }),
    ],
    at(41),
  );

  await ingestor.ingest(
    [
      xPostSignal(
        'x-1',
        "We're investigating delays sending or receiving email. More info under EX1190001.",
        at(35),
      ),
      xPostSignal(
        'x-2',
        "We're investigating an issue in which admins may be unable to access the Microsoft 365 admin center. Reference: MO1190004",
        at(50),
      ),
      xPostSignal('x-3', "We're investigating an issue where users can't sync files with OneDrive.", at(60)),
      statusSiteFeedItemSignal(
        'mac',
        'Service degradation',
        'Admins may be unable to access the admin center.',
        at(55),
      ),
    ],
    at(61),
  );
  const [provisional] = (await ingestor.dataSource.query(
    `SELECT reference FROM incidents WHERE reference LIKE 'BCN-%'`,
  )) as Array<{ reference: string }>;

  await ingestor.ingest(
    [
      graphIssueSignal(CONTOSO, {
        id: 'OD1190005',
        title: 'Users may be unable to sync files with the OneDrive sync client',
        service: 'OneDrive for Business',
        status: 'investigating',
        startDateTime: at(58).toISOString(),
        lastModifiedDateTime: at(70).toISOString(),
        impactDescription: 'Users may be unable to sync files.',
        posts: [
          {
            createdDateTime: at(70).toISOString(),
            content: 'Current status: We are investigating sync failures.',
          },
        ],
      }),
      graphMessageSignal(CONTOSO, {
        id: 'MC1190101',
        title: 'Microsoft Teams: new meeting recap retention setting',
        body: 'A new setting lets admins choose how long meeting recaps are kept.',
        category: 'planForChange',
        services: ['Microsoft Teams'],
        tags: ['Admin impact'],
        lastModified: at(10),
      }),
      graphMessageSignal(CONTOSO, {
        id: 'MC1190102',
        title: 'Exchange Online: retirement of Basic authentication for SMTP AUTH',
        body: 'Admins should move applications to OAuth before the retirement date.',
        category: 'planForChange',
        services: ['Exchange Online'],
        isMajorChange: true,
        severity: 'high',
        actionRequiredBy: at(60 * 24 * 90),
        lastModified: at(20),
      }),
    ],
    at(71),
  );
  await ingestor.ingest(
    [
      graphMessageSignal(FABRIKAM, {
        id: 'MC1190103',
        title: 'SharePoint Online: new site templates',
        body: 'New templates are available for communication sites.',
        services: ['SharePoint Online'],
        lastModified: at(30),
      }),
      graphMessageSignal(FABRIKAM, {
        id: 'MC1190102',
        title: 'Exchange Online: retirement of Basic authentication for SMTP AUTH',
        body: 'Admins should move applications to OAuth before the retirement date.',
        category: 'planForChange',
        services: ['Exchange Online'],
        isMajorChange: true,
        severity: 'high',
        actionRequiredBy: at(60 * 24 * 90),
        lastModified: at(20),
      }),
    ],
    at(72),
  );

  await ingestor.setSource({
    channel: 'GRAPH',
    tenantId: CONTOSO,
    state: 'HEALTHY',
    lastSuccessAt: new Date(),
  });
  await ingestor.setSource({
    channel: 'GRAPH',
    tenantId: FABRIKAM,
    state: 'DOWN',
    lastSuccessAt: at(41),
    lastAttemptAt: new Date(),
    consecutiveFailures: 4,
    lastError: 'unavailable: HTTP 503',
  });
  await ingestor.setSource({ channel: 'STATUS_SITE', state: 'HEALTHY', lastSuccessAt: new Date() });
  await ingestor.setSource({ channel: 'X', state: 'DISABLED' });
  await ingestor.refreshStatuses();
  return { provisionalOneDriveId: provisional!.reference, at };
}

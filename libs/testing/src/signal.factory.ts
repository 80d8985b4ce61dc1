import { contentHash } from '#connectors';
import type { RawSignal, SignalKind } from '#domain';
import { createHash } from 'node:crypto';

/** Raw signals as the connectors produce them, for tests of what comes after the connectors. */
function signal(
  kind: SignalKind,
  externalId: string,
  payload: Record<string, unknown>,
  options: { tenantId?: string | null; publishedAt?: Date | null } = {},
): RawSignal {
  return {
    channel: kind.startsWith('graph.') ? 'GRAPH' : kind.startsWith('x.') ? 'X' : 'STATUS_SITE',
    tenantId: options.tenantId ?? null,
    kind,
    externalId,
    contentHash: contentHash(payload),
    payloadHash: contentHash(payload),
    publishedAt: options.publishedAt ?? null,
    payload,
  };
}

export function xPostSignal(
  id: string,
  text: string,
  createdAt = new Date(),
  extra: Record<string, unknown> = {},
) {
  return signal(
    'x.post',
    id,
    { id, text, created_at: createdAt.toISOString(), ...extra },
    { publishedAt: createdAt },
  );
}

export function graphHealthOverviewSignal(tenantId: string, id: string, service: string, status: string) {
  return signal('graph.healthOverview', id, { id, service, status }, { tenantId });
}

export interface GraphIssueInput {
  id: string;
  title?: string;
  service?: string;
  status?: string;
  classification?: string;
  isResolved?: boolean;
  startDateTime?: string;
  endDateTime?: string | null;
  lastModifiedDateTime?: string;
  impactDescription?: string;
  posts?: Array<{ createdDateTime: string; content: string; postType?: string }>;
}

export function graphIssueSignal(tenantId: string, input: GraphIssueInput): RawSignal {
  const payload = {
    id: input.id,
    title: input.title ?? `Issue ${input.id}`,
    service: input.service ?? 'Exchange Online',
    status: input.status ?? 'serviceDegradation',
    classification: input.classification ?? 'incident',
    origin: 'microsoft',
    isResolved: input.isResolved ?? false,
    startDateTime: input.startDateTime ?? '2026-11-20T10:00:00Z',
    endDateTime: input.endDateTime ?? null,
    lastModifiedDateTime: input.lastModifiedDateTime ?? '2026-11-20T10:30:00Z',
    impactDescription: input.impactDescription ?? 'Users may be affected.',
    feature: 'Feature',
    featureGroup: 'Feature group',
    posts: (input.posts ?? []).map((post) => ({
      createdDateTime: post.createdDateTime,
      postType: post.postType ?? 'regular',
      description: { contentType: 'html', content: post.content },
    })),
  };
  return signal('graph.issue', input.id, payload, {
    tenantId,
    publishedAt: new Date(payload.lastModifiedDateTime),
  });
}

export function statusSitePostSignal(
  status: string,
  message: string,
  authoredAt: Date,
  title = '',
): RawSignal {
  const id = createHash('sha256').update(message).digest('hex').slice(0, 8);
  const payload = {
    Id: id,
    AuthoredDateTime: authoredAt.toISOString(),
    Title: title,
    Message: message,
    Status: status,
  };
  return signal('statusSite.post', id, payload, { publishedAt: authoredAt });
}

export function statusSiteFeedItemSignal(
  feed: 'mac' | 'ppac',
  status: string,
  description: string,
  at: Date,
) {
  const payload = { title: 'Microsoft Admin Center', description, status, pubDate: at.toUTCString() };
  return signal('statusSite.feedItem', feed, payload, { publishedAt: at });
}

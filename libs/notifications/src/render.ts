import type { NotificationEvent } from '#persistence';
import type { IncidentState, OutgoingNotification, UpdateState } from './notification-payload.js';

/** A message in no target's format yet: each sender lays it out its own way. */
export interface RenderedMessage {
  /** One line: what happened (also the e-mail subject's end, and Slack's fallback text). */
  headline: string;
  facts: Array<[label: string, value: string]>;
  /** The newest post's text, if any. */
  body: string | null;
  /** What the change is, in words: "New incident", "Resolved", … */
  label: string;
}

const LABELS: Record<NotificationEvent, string> = {
  incident_created: 'New incident',
  incident_updated: 'Update',
  status_changed: 'Status changed',
  incident_resolved: 'Resolved',
  degraded_entered: 'Degraded mode',
  degraded_left: 'Degraded mode over',
  source_down: 'Source down',
  test: 'Test',
};

export function render(notification: OutgoingNotification): RenderedMessage {
  const label = LABELS[notification.event];
  const payload = notification.payload;
  switch (payload.kind) {
    case 'incident': {
      const { incident, update } = payload;
      const facts: Array<[string, string]> = [
        ['Service', incident.serviceName ?? incident.serviceId ?? 'unknown'],
        ['Status', `${incident.status} (${incident.level})${incident.isResolved ? ', resolved' : ''}`],
        ['Classification', incident.classification.toLowerCase()],
      ];
      if (incident.startedAt) facts.push(['Started', incident.startedAt]);
      if (incident.endedAt) facts.push(['Ended', incident.endedAt]);
      if (update) facts.push(['Last update', `${update.postedAt} (${update.channel})`]);
      return {
        label,
        headline: `${label}: ${incident.reference} ${incident.title}`,
        facts,
        body: update?.text ?? null,
      };
    }
    case 'serviceStatus': {
      const was = payload.previous ? `, was ${payload.previous.status} (${payload.previous.level})` : '';
      return {
        label,
        headline: `${label}: ${payload.serviceName} is ${payload.status} (${payload.level})${was}`,
        facts: [
          ['Service', payload.serviceName],
          ['Tenant', payload.tenantId],
          ['Source', payload.channel],
          ['Since', payload.changedAt],
        ],
        body: null,
      };
    }
    case 'globalStatus':
      return {
        label,
        headline: `${label}: ${payload.serviceName} is ${payload.status} (${payload.level}), was ${payload.previous.status} (${payload.previous.level})`,
        facts: [
          ['Service', payload.serviceName],
          ['View', 'global (public channels)'],
          ['Source', payload.channel],
          ['Since', payload.changedAt],
        ],
        body: null,
      };
    case 'degradedMode':
      return {
        label: payload.entered ? 'Degraded mode' : 'Degraded mode over',
        headline: payload.entered
          ? `Degraded mode: the admin center has not answered for ${payload.tenantId} since ${payload.lastGraphSuccessAt}; Beacon serves the public channels`
          : `Degraded mode over: the admin center answers again for ${payload.tenantId}`,
        facts: [
          ['Tenant', payload.tenantId],
          ['Degraded since', payload.since],
          ['Last answer from Graph', payload.lastGraphSuccessAt],
          [payload.entered ? 'Detected' : 'Back', payload.detectedAt],
        ],
        body: null,
      };
    case 'sourceHealth': {
      const source = payload.tenantId ? `${payload.channel} (${payload.tenantId})` : payload.channel;
      const facts: Array<[string, string]> = [
        ['Source', source],
        ['Down since', payload.downSince],
        [payload.down ? 'Detected' : 'Back up', payload.detectedAt],
      ];
      if (payload.lastSuccessAt) facts.push(['Last success', payload.lastSuccessAt]);
      if (payload.down && payload.lastError) facts.push(['Last error', payload.lastError]);
      return {
        label: payload.down ? 'Source down' : 'Source back up',
        headline: payload.down
          ? `Source down: ${source} has failed since ${payload.downSince}`
          : `Source back up: ${source} answers again`,
        facts,
        body: null,
      };
    }
    case 'advisoryDigest': {
      const count = payload.advisories.length;
      return {
        label: 'Advisory digest',
        headline: `Advisory digest: ${count} ${count === 1 ? 'advisory' : 'advisories'} from ${payload.periodStart} to ${payload.periodEnd}`,
        facts: [
          ['Period', `${payload.periodStart} to ${payload.periodEnd}`],
          ['Advisories', String(count)],
        ],
        // Listed in the text, not as facts: a Slack section takes ten fields at most.
        body: payload.advisories.map(({ incident, update }) => digestLine(incident, update)).join('\n\n'),
      };
    }
    case 'test':
      return {
        label,
        headline: 'Test: Beacon can reach this target',
        facts: [['Requested', payload.requestedAt]],
        body: null,
      };
  }
}

/** One advisory of a digest: what it is, where it stands, and its newest post (shortened). */
function digestLine(incident: IncidentState, update: UpdateState | null): string {
  const service = incident.serviceName ?? incident.serviceId ?? 'unknown';
  const state = `${incident.status} (${incident.level})${incident.isResolved ? ', resolved' : ''}`;
  const post = update ? `\n${update.text.length > 280 ? `${update.text.slice(0, 279)}…` : update.text}` : '';
  return `${incident.reference} ${incident.title} (${service}): ${state}${post}`;
}

/** Plain text: the headline, the facts one per line, then the post. */
export function renderText(message: RenderedMessage): string {
  const facts = message.facts.map(([label, value]) => `${label}: ${value}`).join('\n');
  return [message.headline, '', facts, ...(message.body ? ['', message.body] : [])].join('\n');
}

export function renderHtml(message: RenderedMessage): string {
  const rows = message.facts
    .map(
      ([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
    )
    .join('');
  const body = message.body ? `<p>${escapeHtml(message.body).replaceAll('\n', '<br>')}</p>` : '';
  return `<h2>${escapeHtml(message.headline)}</h2><table>${rows}</table>${body}`;
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

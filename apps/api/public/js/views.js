// What each part of the page looks like, built from the API's answers. Pure: data in, elements out.

import { h } from './dom.js';
import { postIncidentReview } from './incident-report.js';
import {
  channelOf,
  formatDateTime,
  levelOf,
  plural,
  SOURCE_NAMES,
  SOURCE_STATES,
  statusWord,
  timeAgo,
  timeUntil,
} from './format.js';

/** How many updates of an incident show before "Show earlier updates". */
const LATEST_UPDATES_SHOWN = 3;
const CHANNEL_ORDER = ['GRAPH', 'STATUS_SITE', 'X'];
const FALLBACK_CHANNELS = ['STATUS_SITE', 'X'];

export function levelBadge(level) {
  const { label, glyph } = levelOf(level);
  return h(
    'span',
    { class: `level level--${String(level).toLowerCase()}` },
    h('span', { class: 'level__glyph', 'aria-hidden': 'true' }, glyph),
    h('span', { class: 'level__label' }, label),
  );
}

export function channelBadge(channel) {
  return h('span', { class: `channel channel--${String(channel).toLowerCase()}` }, channelOf(channel).badge);
}

/** A time that says "2 minutes ago" and keeps saying the right thing as time passes (see `refreshTimes`). */
export function ago(iso) {
  if (!iso) return h('span', {}, 'never');
  return h('time', { datetime: iso, title: formatDateTime(iso), 'data-ago': '' }, timeAgo(iso));
}

function until(iso) {
  if (!iso) return h('span', {}, '—');
  return h('time', { datetime: iso, title: formatDateTime(iso), 'data-until': '' }, timeUntil(iso));
}

export function refreshTimes(root = document) {
  const now = Date.now();
  for (const element of root.querySelectorAll('time[data-ago]')) {
    const text = timeAgo(element.dateTime, now);
    if (element.textContent !== text) element.textContent = text;
  }
  for (const element of root.querySelectorAll('time[data-until]')) {
    const text = timeUntil(element.dateTime, now);
    if (element.textContent !== text) element.textContent = text;
  }
}

// The banner ---------------------------------------------------------------------------------------------

/** Which fallback channels are configured, in words: "the status site and @MSFT365Status". */
function fallbackWords(sources) {
  const configured = FALLBACK_CHANNELS.filter((channel) => {
    const rows = sources.filter((source) => source.channel === channel);
    return rows.length === 0 || rows.some((source) => source.state !== 'DISABLED');
  });
  const words = configured.map((channel) => (channel === 'X' ? '@MSFT365Status' : 'the status site'));
  return words.length === 0 ? 'no other channel (none is configured)' : words.join(' and ');
}

export function banner(overview, sources) {
  const graphRows = sources.filter((source) => source.channel === 'GRAPH');
  const graphConfigured = graphRows.some((source) => source.state !== 'DISABLED');
  const fallbacks = fallbackWords(sources);
  const reachable = overview.adminCenterReachable;

  let tone;
  let headline;
  if (overview.degradedMode && graphConfigured) {
    tone = 'degraded';
    headline = `The admin center is unreachable; status below comes from ${fallbacks}.`;
  } else if (overview.degradedMode) {
    tone = 'info';
    headline = `Beacon has no admin center connection configured; status below comes from ${fallbacks}.`;
  } else {
    tone = reachable === false ? 'warning' : 'ok';
    headline = 'Status below comes from the admin center (Service health).';
  }

  let reachability;
  if (reachable === true) reachability = 'reachable.';
  else if (reachable === false)
    reachability = overview.degradedMode
      ? 'unreachable: Microsoft says so on the status site or @MSFT365Status.'
      : 'Microsoft reports problems reaching it, but Service health still answers Beacon.';
  else
    reachability = overview.degradedMode
      ? 'no channel has said it is down; Beacon cannot get fresh Service health (see Sources).'
      : 'no channel has reported on it yet.';

  return {
    tone,
    content: [
      h('p', { class: 'banner__headline' }, headline),
      h(
        'p',
        { class: 'banner__detail' },
        h('strong', {}, 'Admin center: '),
        reachability,
        overview.degradedMode ? ' Beacon follows the other channels until it comes back.' : '',
      ),
    ],
  };
}

/** `activeIncidents`: the count of the list on the page, so that the header never contradicts it. */
export function summary(overview, services, activeIncidents = overview.activeIncidentCount) {
  const affected = services.filter((service) => service.status.level !== 'OPERATIONAL').length;
  const incidents = activeIncidents;
  const text =
    affected === 0 && incidents === 0
      ? 'All services operational'
      : `${plural(affected, 'service')} not operational · ${plural(incidents, 'active incident')}`;
  return [levelBadge(overview.worstLevel), h('span', { class: 'summary__text' }, text)];
}

// Services -----------------------------------------------------------------------------------------------

export function compareServices(a, b) {
  return levelOf(b.status.level).rank - levelOf(a.status.level).rank || a.name.localeCompare(b.name);
}

export function serviceItem(service) {
  const { status } = service;
  const from = channelOf(status.channel).from;
  const source = status.stale && status.channel === 'GRAPH' ? `last known from ${from}, ` : `from ${from}, `;
  return h(
    'li',
    { class: 'service', dataset: { serviceId: service.id, level: status.level } },
    h(
      'div',
      { class: 'service__head' },
      h('strong', { class: 'service__name' }, service.name),
      levelBadge(status.level),
    ),
    h(
      'p',
      { class: 'service__status' },
      status.level === 'OPERATIONAL' && /operational/i.test(status.status)
        ? ''
        : `${statusWord(status.status)} · `,
      h('span', { class: 'service__freshness' }, source, ago(status.observedAt)),
    ),
    service.activeIncidents.length > 0
      ? h(
          'p',
          { class: 'service__incidents' },
          service.activeIncidents.length === 1 ? 'Incident ' : 'Incidents ',
          service.activeIncidents.map((incident, index) => [
            index > 0 ? ', ' : '',
            h('a', { href: `#incident-${incident.id}` }, incident.id),
          ]),
        )
      : null,
  );
}

// Incidents ----------------------------------------------------------------------------------------------

const anchorId = (id) => `incident-${id}`;

export function provisionalNote() {
  return h('p', { class: 'provisional' }, 'Provisional: not yet confirmed in the admin center');
}

function incidentMeta(incident) {
  const parts = [
    h('span', { class: 'incident__id' }, incident.id),
    incident.service?.name ?? incident.serviceName,
    incident.feature,
    incident.classification === 'ADVISORY'
      ? 'Advisory'
      : incident.classification === 'INCIDENT'
        ? 'Incident'
        : null,
  ].filter(Boolean);
  return h(
    'p',
    { class: 'incident__meta' },
    parts.map((part, index) => [index > 0 ? ' · ' : '', part]),
  );
}

function incidentTimes(incident) {
  return h(
    'p',
    { class: 'incident__times' },
    incident.startedAt
      ? ['Started ', ago(incident.startedAt), ' · ']
      : ['First seen ', ago(incident.firstSeenAt), ' · '],
    incident.endedAt ? ['ended ', ago(incident.endedAt), ' · '] : '',
    'last update ',
    ago(incident.lastUpdatedAt),
  );
}

function sightings(incident) {
  if (incident.sightings.length === 0) return null;
  return h(
    'p',
    { class: 'incident__channels' },
    'Reported by ',
    [...incident.sightings]
      .sort((a, b) => CHANNEL_ORDER.indexOf(a.channel) - CHANNEL_ORDER.indexOf(b.channel))
      .map((sighting) => [' ', channelBadge(sighting.channel)]),
  );
}

function updateItem(update, isNew) {
  return h(
    'li',
    {
      class: `update${isNew ? ' update--new' : ''}`,
      dataset: { updateId: update.id, channel: update.channel },
    },
    h(
      'p',
      { class: 'update__meta' },
      channelBadge(update.channel),
      ' ',
      h('time', { datetime: update.postedAt, class: 'update__time' }, formatDateTime(update.postedAt)),
      ' (',
      ago(update.postedAt),
      ')',
    ),
    h(
      'div',
      { class: 'update__text' },
      // Graph's posts come as sections ("User impact: …") separated by blank lines.
      update.text
        .split(/\n\s*\n/)
        .filter((paragraph) => paragraph.trim() !== '')
        .map((paragraph) => h('p', {}, paragraph.trim())),
    ),
  );
}

/** Newest first: what is happening now matters more than how it began. */
export function timeline(incident, { knownUpdateIds = null, showAll = false, open = false } = {}) {
  const updates = [...incident.updates].sort((a, b) => Date.parse(b.postedAt) - Date.parse(a.postedAt));
  if (updates.length === 0) return h('p', { class: 'timeline__empty' }, 'No posts yet.');
  const isNew = (update) => knownUpdateIds !== null && !knownUpdateIds.has(update.id);
  const shown = showAll ? updates : updates.slice(0, LATEST_UPDATES_SHOWN);
  const earlier = showAll ? [] : updates.slice(LATEST_UPDATES_SHOWN);
  return h(
    'div',
    { class: 'timeline' },
    h('h4', { class: 'timeline__heading' }, `Timeline (${plural(updates.length, 'post')}, newest first)`),
    h(
      'ol',
      { class: 'timeline__list' },
      shown.map((update) => updateItem(update, isNew(update))),
    ),
    earlier.length > 0
      ? h(
          'details',
          { class: 'timeline__earlier', open },
          h('summary', {}, `Show ${plural(earlier.length, 'earlier post')}`),
          h(
            'ol',
            { class: 'timeline__list' },
            earlier.map((update) => updateItem(update, isNew(update))),
          ),
        )
      : null,
  );
}

export function incidentArticle(incident, options = {}) {
  const titleId = `${anchorId(incident.id)}-title`;
  return h(
    'article',
    {
      class: `incident${incident.provisional ? ' incident--provisional' : ''}`,
      id: anchorId(incident.id),
      tabindex: '-1',
      'aria-labelledby': titleId,
      dataset: { incidentId: incident.id, level: incident.level, provisional: String(incident.provisional) },
    },
    h(
      'header',
      { class: 'incident__head' },
      h(
        'div',
        { class: 'incident__status' },
        levelBadge(incident.level),
        h(
          'span',
          { class: 'incident__word' },
          incident.isResolved ? 'Resolved' : statusWord(incident.status),
        ),
      ),
      h('h3', { id: titleId, class: 'incident__title' }, incident.title),
      incidentMeta(incident),
      incident.provisional ? provisionalNote() : null,
      incident.aliases.length > 0
        ? h('p', { class: 'incident__aliases' }, `Also known as ${incident.aliases.join(', ')}`)
        : null,
      incidentTimes(incident),
      sightings(incident),
    ),
    incident.impactDescription ? h('p', { class: 'incident__impact' }, incident.impactDescription) : null,
    timeline(incident, options),
    incident.postIncidentReportAvailable
      ? h('p', { class: 'incident__pir' }, 'A post-incident report is available in the admin center.')
      : null,
  );
}

export function noActiveIncidents() {
  return h('p', { class: 'empty' }, 'No active incidents.');
}

// Sources ------------------------------------------------------------------------------------------------

export function compareSources(a, b) {
  return (
    CHANNEL_ORDER.indexOf(a.channel) - CHANNEL_ORDER.indexOf(b.channel) ||
    String(a.tenantId).localeCompare(String(b.tenantId))
  );
}

export function sourceRow(source) {
  const cell = (label, ...content) => h('td', { 'data-label': label }, ...content);
  return h(
    'tr',
    { dataset: { channel: source.channel, state: source.state } },
    h(
      'th',
      { scope: 'row' },
      SOURCE_NAMES[source.channel] ?? source.channel,
      source.tenantId ? h('span', { class: 'source__tenant' }, `Tenant ${source.tenantId}`) : null,
    ),
    cell(
      'State',
      h(
        'span',
        { class: `state state--${source.state.toLowerCase()}` },
        SOURCE_STATES[source.state] ?? source.state,
      ),
    ),
    cell('Last success', ago(source.lastSuccessAt)),
    cell('Failures in a row', String(source.consecutiveFailures)),
    cell('Next attempt', source.state === 'DISABLED' ? '—' : until(source.nextAttemptAt)),
    cell('Last error', source.lastError ? h('span', { class: 'source__error' }, source.lastError) : '—'),
  );
}

// History ------------------------------------------------------------------------------------------------

export function historyItem(incident, onOpen) {
  const body = h(
    'div',
    { class: 'history-item__body' },
    h('p', { class: 'placeholder' }, 'Loading the timeline…'),
  );
  const details = h(
    'details',
    { class: 'history-item__details' },
    h(
      'summary',
      {},
      h(
        'span',
        { class: 'history-item__line' },
        incident.isResolved
          ? h('span', { class: 'state state--resolved' }, 'Resolved')
          : levelBadge(incident.level),
        ' ',
        h('span', { class: 'incident__id' }, incident.id),
        ' ',
        h('span', { class: 'history-item__title' }, incident.title),
      ),
      h(
        'span',
        { class: 'history-item__meta' },
        [
          incident.service?.name ?? incident.serviceName,
          incident.startedAt ? `started ${formatDateTime(incident.startedAt)}` : null,
          incident.endedAt ? `ended ${formatDateTime(incident.endedAt)}` : null,
          incident.provisional ? 'provisional' : null,
          incident.aliases.length > 0 ? `also ${incident.aliases.join(', ')}` : null,
        ]
          .filter(Boolean)
          .join(' · '),
      ),
    ),
    body,
  );
  details.addEventListener('toggle', () => {
    if (details.open && !details.dataset.loaded) {
      details.dataset.loaded = 'true';
      onOpen(incident.id, body);
    }
  });
  return h('li', { class: 'history-item', dataset: { incidentId: incident.id } }, details);
}

export function historyDetail(incident, { getKey } = {}) {
  return [
    incident.provisional ? provisionalNote() : null,
    incident.impactDescription ? h('p', { class: 'incident__impact' }, incident.impactDescription) : null,
    sightings(incident),
    timeline(incident, { showAll: true }),
    postIncidentReview(incident, { getKey }),
  ];
}

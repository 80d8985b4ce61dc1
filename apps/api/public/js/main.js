// The status page: loads the dashboard over GraphQL, follows the subscriptions, refreshes what only time
// changes (degraded mode, freshness), asks for an API key when Beacon wants one.

import { byId, h } from './dom.js';
import { renderHistoryCharts } from './history-charts.js';
import { loadNotificationSettings } from './notification-settings.js';
import { formatClock, levelOf, statusWord, channelOf, plural } from './format.js';
import {
  AuthRequiredError,
  GraphQLRequestError,
  NetworkError,
  query,
  SubscriptionClient,
} from './graphql-client.js';
import {
  DASHBOARD,
  HISTORY,
  HISTORY_PAGE_SIZE,
  INCIDENT,
  INCIDENT_UPDATED,
  SERVICE_STATUS_CHANGED,
} from './queries.js';
import {
  banner,
  compareServices,
  compareSources,
  historyDetail,
  historyItem,
  incidentArticle,
  noActiveIncidents,
  refreshTimes,
  serviceItem,
  sourceRow,
  summary,
} from './views.js';

/** Degraded mode and freshness change with time alone; no event says so, so the page asks again. */
const REFRESH_EVERY_MS = 10_000;
/** After a live event, the counts and the banner are fetched again once the burst is over. */
const REFRESH_AFTER_EVENT_MS = 750;
const TICK_EVERY_MS = 5_000;
const KEY_STORAGE = 'beacon.apiKey';

const state = {
  tenantId: new URL(window.location.href).searchParams.get('tenant') || null,
  overview: null,
  services: new Map(),
  incidents: new Map(),
  sources: [],
  lastRefreshAt: null,
  beaconAnswering: true,
  live: 'connecting',
  liveDetail: null,
  authRequired: false,
  refreshTimer: null,
  eventRefreshTimer: null,
  activeTotal: 0,
  hiddenActive: 0,
};

// API key: this browser tab only ------------------------------------------------------------------------

const getKey = () => {
  try {
    return window.sessionStorage.getItem(KEY_STORAGE);
  } catch {
    return null;
  }
};
const setKey = (key) => {
  try {
    if (key) window.sessionStorage.setItem(KEY_STORAGE, key);
    else window.sessionStorage.removeItem(KEY_STORAGE);
  } catch {
    // Storage can be off (private modes); the key then lasts until the page closes, in memory only.
  }
  byId('forget-key').hidden = !key;
};

const tenantVariables = () => (state.tenantId ? { tenantId: state.tenantId } : {});

// Announcements for screen readers: discrete changes only, never the ticking times. ----------------------

let announceTimer = null;
const pendingAnnouncements = [];
function announce(text) {
  pendingAnnouncements.push(text);
  clearTimeout(announceTimer);
  announceTimer = setTimeout(() => {
    byId('announcer').textContent = pendingAnnouncements.splice(0).slice(-5).join('. ');
  }, 400);
}

// Loading -------------------------------------------------------------------------------------------------

async function loadDashboard() {
  const activeFilter = { active: true, ...tenantVariables() };
  try {
    const data = await query(DASHBOARD, { ...tenantVariables(), active: activeFilter }, { getKey });
    state.beaconAnswering = true;
    state.lastRefreshAt = new Date();
    applyDashboard(data);
    if (performance.getEntriesByName('beacon:first-status').length === 0) {
      performance.mark('beacon:first-status');
    }
    if (!historyView.loaded) loadHistory();
    return true;
  } catch (error) {
    handleRequestError(error);
    return false;
  } finally {
    renderConnection();
  }
}

function applyDashboard(data) {
  state.overview = data.overview;
  state.sources = data.sources;
  state.services = new Map(data.services.map((service) => [service.id, service]));
  const previous = state.incidents;
  state.incidents = new Map(data.incidents.edges.map(({ node }) => [node.id, node]));
  state.activeTotal = data.incidents.totalCount;
  state.hiddenActive = Math.max(0, data.incidents.totalCount - state.incidents.size);

  renderBanner();
  renderServices();
  renderIncidents(previous);
  renderSources();
  renderTenantPicker();
  fillServiceFilter();
  byId('generated-at').textContent = `Updated ${formatClock(state.lastRefreshAt)}.`;
}

function handleRequestError(error) {
  if (error instanceof AuthRequiredError) return askForKey();
  if (error?.name === 'AbortError') return;
  state.beaconAnswering = false;
  const message =
    error instanceof NetworkError
      ? error.message
      : error instanceof GraphQLRequestError
        ? `Beacon could not answer: ${error.message}`
        : 'Something went wrong loading the status.';
  state.requestError = message;
}

function scheduleRefresh(delay = REFRESH_EVERY_MS) {
  clearTimeout(state.refreshTimer);
  state.refreshTimer = setTimeout(async () => {
    if (state.authRequired) return;
    if (document.visibilityState === 'hidden') return scheduleRefresh();
    await loadDashboard();
    scheduleRefresh();
  }, delay);
}

function refreshSoon() {
  clearTimeout(state.eventRefreshTimer);
  state.eventRefreshTimer = setTimeout(() => scheduleRefresh(0), REFRESH_AFTER_EVENT_MS);
}

// Rendering -----------------------------------------------------------------------------------------------

function renderBanner() {
  const { tone, content } = banner(state.overview, state.sources);
  const element = byId('banner');
  const text = content.map((node) => node.textContent).join(' ');
  if (element.dataset.text === text) return;
  element.dataset.tone = tone;
  element.dataset.text = text;
  element.replaceChildren(h('div', { class: 'banner__inner' }, content));
  document.body.dataset.degraded = String(state.overview.degradedMode);
}

function renderSummary() {
  if (!state.overview) return;
  byId('summary').replaceChildren(
    ...summary(state.overview, [...state.services.values()], state.incidents.size + state.hiddenActive),
  );
}

const rendered = { services: null, incidents: null, sources: null };

/** Draws a list again only when its data changed: focus, open details and scroll stay where they were. */
function changed(part, data) {
  const signature = JSON.stringify(data);
  if (rendered[part] === signature) return false;
  rendered[part] = signature;
  return true;
}

function renderServices() {
  const services = [...state.services.values()].sort(compareServices);
  renderSummary();
  byId('services-note').textContent = state.overview?.degradedMode
    ? 'The admin center has not confirmed these recently: each line says where its status comes from.'
    : 'Worst first. Each line says where its status comes from and how fresh it is.';
  if (!changed('services', services)) return;
  const list = byId('service-list');
  const focusedHref = list.contains(document.activeElement)
    ? document.activeElement.getAttribute('href')
    : null;
  if (services.length === 0) {
    list.replaceChildren(h('li', { class: 'empty' }, 'No services known yet.'));
  } else {
    list.replaceChildren(...services.map(serviceItem));
  }
  if (focusedHref) list.querySelector(`a[href="${CSS.escape(focusedHref)}"]`)?.focus();
}

function updateService(service) {
  const before = state.services.get(service.id);
  state.services.set(service.id, service);
  renderServices();
  const item = byId('service-list').querySelector(`[data-service-id="${CSS.escape(service.id)}"]`);
  flash(item);
  if (!before || before.status.level !== service.status.level) {
    announce(
      `${service.name}: ${levelOf(service.status.level).label}, from ${channelOf(service.status.channel).from}`,
    );
  }
}

/** Keeps what the reader opened (earlier posts) and focus when an incident is drawn again. */
function renderIncidents(previous = new Map()) {
  const container = byId('incident-list');
  const incidents = [...state.incidents.values()].sort(
    (a, b) => Date.parse(b.lastUpdatedAt) - Date.parse(a.lastUpdatedAt) || a.id.localeCompare(b.id),
  );
  if (!changed('incidents', [incidents, state.activeTotal])) return;
  if (incidents.length === 0) {
    container.replaceChildren(noActiveIncidents());
    return;
  }
  const focused = document.activeElement;
  const focusedIncident = focused?.closest?.('[data-incident-id]')?.dataset.incidentId ?? null;
  const articles = incidents.map((incident) => {
    const old = container.querySelector(`[data-incident-id="${CSS.escape(incident.id)}"]`);
    const before = previous.get(incident.id) ?? state.incidents.get(incident.id);
    const known = old
      ? new Set([...old.querySelectorAll('[data-update-id]')].map((li) => li.dataset.updateId))
      : null;
    const open = old?.querySelector('details')?.open ?? false;
    const article = incidentArticle(incident, { knownUpdateIds: known, open });
    if (old && before && before.updates.length !== incident.updates.length) flash(article);
    return article;
  });
  container.replaceChildren(...articles);
  if (state.activeTotal > incidents.length) {
    container.append(
      h(
        'p',
        { class: 'panel__note' },
        `${state.activeTotal - incidents.length} more active incidents: search the history below.`,
      ),
    );
  }
  if (focusedIncident && !container.contains(focused)) {
    const again = container.querySelector(`[data-incident-id="${CSS.escape(focusedIncident)}"]`);
    (again?.querySelector('summary') ?? again)?.focus();
  }
}

function updateIncident(incident) {
  const previous = new Map(state.incidents);
  const before =
    state.incidents.get(incident.id) ?? incident.aliases.map((id) => state.incidents.get(id)).find(Boolean);
  // A merge: the provisional record lives on under Microsoft's id, its own id among the aliases.
  for (const alias of incident.aliases) state.incidents.delete(alias);
  if (incident.isResolved) state.incidents.delete(incident.id);
  else state.incidents.set(incident.id, incident);
  renderIncidents(previous);
  renderSummary();
  refreshDefaultHistory();

  if (incident.isResolved) {
    if (before) announce(`${incident.id} is resolved`);
  } else if (!before) announce(`New incident ${incident.id}: ${incident.title}`);
  else if (before.provisional && !incident.provisional) {
    announce(`${incident.id} is now confirmed in the admin center`);
  } else if (incident.updates.length > before.updates.length) {
    const latest = incident.updates.at(-1);
    announce(`New post on ${incident.id} from ${channelOf(latest.channel).from}`);
  } else if (before.status !== incident.status) announce(`${incident.id}: ${statusWord(incident.status)}`);
}

function renderSources() {
  const sources = [...state.sources].sort(compareSources);
  if (!changed('sources', sources)) return;
  const rows = sources.map(sourceRow);
  byId('source-rows').replaceChildren(
    ...(rows.length > 0
      ? rows
      : [h('tr', {}, h('td', { colspan: '6', class: 'empty' }, 'No sources configured.'))]),
  );
}

function renderTenantPicker() {
  const tenants = [
    ...new Set(
      state.sources.filter((source) => source.channel === 'GRAPH' && source.tenantId).map((s) => s.tenantId),
    ),
  ];
  const picker = byId('tenant-picker');
  picker.hidden = tenants.length < 2;
  if (picker.hidden) return;
  const select = byId('tenant');
  const options = [
    h('option', { value: '' }, 'Default tenant'),
    ...tenants.map((id) => h('option', { value: id }, id)),
  ];
  const signature = tenants.join('\n');
  if (select.dataset.signature !== signature) {
    select.replaceChildren(...options);
    select.dataset.signature = signature;
  }
  select.value = state.tenantId ?? '';
}

function renderConnection() {
  const pill = byId('connection');
  const text = byId('connection-text');
  const alert = byId('connection-alert');
  const lastRefresh = state.lastRefreshAt
    ? `last refreshed at ${formatClock(state.lastRefreshAt)}`
    : 'nothing loaded yet';

  let pillState = state.live;
  let pillText =
    { connecting: 'Connecting…', connected: 'Live', reconnecting: 'Reconnecting…' }[state.live] ?? 'Offline';
  let alertContent = null;
  if (state.authRequired) {
    pillState = 'unauthorized';
    pillText = 'API key needed';
  } else if (!state.beaconAnswering) {
    pillState = 'down';
    pillText = 'Beacon not answering';
    alertContent = [
      h('strong', {}, 'Beacon is not answering. '),
      `${state.requestError ?? ''} The page keeps trying; what you see may be out of date (${lastRefresh}).`,
    ];
  } else if (state.live === 'reconnecting') {
    const seconds = Math.max(1, Math.round((state.liveDetail?.inMs ?? 0) / 1000));
    alertContent = [
      h('strong', {}, 'Live updates are interrupted. '),
      `Reconnecting in about ${plural(seconds, 'second')} (attempt ${state.liveDetail?.attempt ?? 1}). `,
      `The page still refreshes every ${REFRESH_EVERY_MS / 1000} seconds (${lastRefresh}). `,
      h(
        'button',
        { type: 'button', class: 'link-button', onclick: () => subscriptions.reconnectNow() },
        'Reconnect now',
      ),
    ];
  }
  pill.dataset.state = pillState;
  text.textContent = pillText;
  alert.hidden = alertContent === null;
  const alertText = alertContent
    ? alertContent.map((part) => (typeof part === 'string' ? part : part.textContent)).join('')
    : '';
  if (alert.dataset.text !== alertText) {
    alert.dataset.text = alertText;
    alert.replaceChildren(...(alertContent ? [h('p', {}, alertContent)] : []));
  }
}

function flash(element) {
  if (!element) return;
  element.classList.remove('flash');
  void element.offsetWidth; // restart the animation
  element.classList.add('flash');
}

// Live ----------------------------------------------------------------------------------------------------

let wasConnected = false;
const subscriptions = new SubscriptionClient({
  getKey,
  onState: (live, detail) => {
    const reconnected = live === 'connected' && state.live !== 'connected';
    state.live = live;
    state.liveDetail = detail ?? null;
    if (live === 'unauthorized') askForKey();
    if (reconnected) {
      if (wasConnected) announce('Live updates are back');
      wasConnected = true;
      // Whatever happened while the socket was down is fetched again.
      scheduleRefresh(0);
    } else if (live === 'reconnecting' && detail?.attempt === 1) {
      announce('Live updates are interrupted; reconnecting');
    }
    renderConnection();
  },
});

let unsubscribe = [];
function subscribe() {
  for (const stop of unsubscribe) stop();
  const variables = tenantVariables();
  const onError = (errors) => {
    state.requestError = errors.map((error) => error.message).join('; ');
    console.warn('subscription error', errors);
  };
  unsubscribe = [
    subscriptions.subscribe(SERVICE_STATUS_CHANGED, variables, {
      next: (payload) => {
        if (payload?.data?.serviceStatusChanged) updateService(payload.data.serviceStatusChanged);
        refreshSoon();
      },
      error: onError,
    }),
    subscriptions.subscribe(INCIDENT_UPDATED, variables, {
      next: (payload) => {
        if (payload?.data?.incidentUpdated) updateIncident(payload.data.incidentUpdated);
        refreshSoon();
      },
      error: onError,
    }),
  ];
}

// The API key form ----------------------------------------------------------------------------------------

function askForKey() {
  const hadKey = Boolean(getKey());
  state.authRequired = true;
  subscriptions.stop();
  clearTimeout(state.refreshTimer);
  setKey(null);
  byId('auth').hidden = false;
  byId('dashboard').hidden = true;
  byId('summary').replaceChildren();
  byId('auth-error').textContent = hadKey ? 'Beacon refused that key. Check it and try again.' : '';
  renderConnection();
  byId('api-key').focus();
}

function wireAuthForm() {
  byId('auth-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = byId('api-key');
    const key = input.value.trim();
    if (!key) {
      byId('auth-error').textContent = 'Enter the API key your Beacon administrator gave you.';
      input.focus();
      return;
    }
    setKey(key);
    state.authRequired = false;
    byId('auth').hidden = true;
    byId('dashboard').hidden = false;
    input.value = '';
    if (await loadDashboard()) {
      startLive();
      byId('main').focus();
    }
  });
  byId('forget-key').addEventListener('click', () => {
    setKey(null);
    window.location.reload();
  });
}

// History -------------------------------------------------------------------------------------------------

const historyView = { filter: {}, endCursor: null, shown: 0, generation: 0, loaded: false };

function fillServiceFilter() {
  const select = byId('history-service');
  const chosen = select.value;
  const services = [...state.services.values()].sort((a, b) => a.name.localeCompare(b.name));
  const signature = services.map((service) => service.id).join('\n');
  if (select.dataset.signature === signature) return;
  select.dataset.signature = signature;
  select.replaceChildren(
    h('option', { value: '' }, 'All services'),
    ...services.map((service) => h('option', { value: service.id }, service.name)),
  );
  select.value = services.some((service) => service.id === chosen) ? chosen : '';
}

/** A date input's day, as the start or the end of that day in the reader's time zone. */
function dayBoundary(value, end) {
  if (!value) return null;
  const [year, month, day] = value.split('-').map(Number);
  const date = end ? new Date(year, month - 1, day, 23, 59, 59, 999) : new Date(year, month - 1, day);
  return date.toISOString();
}

function readHistoryForm() {
  const form = byId('history-form');
  const values = new FormData(form);
  const filter = { ...tenantVariables() };
  const search = String(values.get('search') ?? '').trim();
  if (search) filter.search = search;
  const service = String(values.get('service') ?? '');
  if (service) filter.serviceIds = [service];
  const from = dayBoundary(String(values.get('from') ?? ''), false);
  const to = dayBoundary(String(values.get('to') ?? ''), true);
  if (from) filter.from = from;
  if (to) filter.to = to;
  const when = String(values.get('state') ?? '');
  if (when === 'active') filter.active = true;
  if (when === 'resolved') filter.active = false;
  if (from && to && from > to) return { error: 'The “From” day is after the “To” day.' };
  return { filter };
}

/** `more`: the next page; `again`: the first page of the search already shown; else what the form says. */
async function loadHistory({ more = false, again = false } = {}) {
  const generation = more ? historyView.generation : ++historyView.generation;
  const list = byId('history-list');
  const button = byId('history-more');
  const error = byId('history-error');
  error.textContent = '';
  if (!more) {
    if (!again) {
      const read = readHistoryForm();
      if (read.error) {
        error.textContent = read.error;
        return;
      }
      historyView.filter = read.filter;
    }
    historyView.endCursor = null;
    historyView.shown = 0;
    list.setAttribute('aria-busy', 'true');
  }
  button.disabled = true;
  try {
    const variables = { filter: historyView.filter, first: HISTORY_PAGE_SIZE };
    if (more && historyView.endCursor) variables.after = historyView.endCursor;
    const data = await query(HISTORY, variables, { getKey });
    if (generation !== historyView.generation) return;
    // A renewal that comes back after the reader opened an incident or searched keeps what they see.
    if (again && !historyUntouched()) return;
    historyView.loaded = true;
    if (!more) renderHistoryCharts(historyView.filter, { getKey });
    const { edges, pageInfo, totalCount } = data.incidents;
    const items = edges.map(({ node }) => historyItem(node, openHistoryItem));
    if (more) list.append(...items);
    else list.replaceChildren(...items);
    historyView.shown += edges.length;
    historyView.endCursor = pageInfo.endCursor;
    button.hidden = !pageInfo.hasNextPage;
    byId('history-count').textContent =
      totalCount === 0
        ? 'No incidents match.'
        : `Showing ${historyView.shown} of ${plural(totalCount, 'incident')}, most recently updated first.`;
    if (more) items[0]?.querySelector('summary')?.focus();
  } catch (caught) {
    if (caught instanceof AuthRequiredError) return askForKey();
    error.textContent =
      caught instanceof GraphQLRequestError && caught.code === 'BAD_USER_INPUT'
        ? `Beacon could not use that search: ${caught.message}`
        : `The history could not be loaded: ${caught.message}`;
  } finally {
    button.disabled = false;
    list.removeAttribute('aria-busy');
  }
}

/**
 * The unfiltered first page follows the live events (a new or merged incident shows up in it); a search
 * stays as the reader asked for it, and so does a list where they opened an incident or loaded more.
 */
let historyRefreshTimer = null;
function refreshDefaultHistory() {
  if (!historyUntouched() || !historyView.loaded) return;
  clearTimeout(historyRefreshTimer);
  historyRefreshTimer = setTimeout(() => {
    if (historyUntouched()) loadHistory({ again: true });
  }, REFRESH_AFTER_EVENT_MS);
}

/** Whether the history is the unfiltered first page, no incident of it opened: live events may renew it. */
function historyUntouched() {
  return (
    Object.keys(historyView.filter).every((name) => name === 'tenantId') &&
    historyView.shown <= HISTORY_PAGE_SIZE &&
    !byId('history-list').querySelector('details[open]')
  );
}

async function openHistoryItem(id, body) {
  try {
    const data = await query(INCIDENT, { id, ...tenantVariables() }, { getKey });
    body.replaceChildren(
      ...(data.incident
        ? historyDetail(data.incident, { getKey })
        : [h('p', {}, 'This incident is gone.')]
      ).filter(Boolean),
    );
    refreshTimes(body);
  } catch (caught) {
    if (caught instanceof AuthRequiredError) return askForKey();
    body.replaceChildren(
      h('p', { class: 'form-error' }, `The timeline could not be loaded: ${caught.message}`),
    );
    delete body.closest('details').dataset.loaded;
  }
}

function wireHistoryForm() {
  const form = byId('history-form');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    loadHistory();
  });
  form.addEventListener('reset', () => setTimeout(() => loadHistory(), 0));
  byId('history-more').addEventListener('click', () => loadHistory({ more: true }));
}

// Start ---------------------------------------------------------------------------------------------------

function startLive() {
  subscribe();
  subscriptions.start();
  scheduleRefresh();
  loadNotificationSettings({ getKey });
}

function wireTenantPicker() {
  byId('tenant').addEventListener('change', (event) => {
    state.tenantId = event.target.value || null;
    const url = new URL(window.location.href);
    if (state.tenantId) url.searchParams.set('tenant', state.tenantId);
    else url.searchParams.delete('tenant');
    window.history.replaceState(null, '', url);
    subscribe();
    scheduleRefresh(0);
    loadHistory();
  });
}

async function start() {
  setKey(getKey());
  wireAuthForm();
  wireHistoryForm();
  wireTenantPicker();
  setInterval(() => refreshTimes(), TICK_EVERY_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && !state.authRequired) scheduleRefresh(0);
  });
  await loadDashboard();
  if (!state.authRequired) startLive();
}

start();

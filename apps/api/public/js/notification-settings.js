// Notification settings, for admins: the targets and what their rules tell them, a form to add a target
// (with a first rule), "send a test", and the dead letters. Shown only when the key may manage them: a
// viewer's key gets FORBIDDEN and the section stays hidden.
import { byId, h } from './dom.js';
import { formatDateTime, plural } from './format.js';
import { AuthRequiredError, GraphQLRequestError, NetworkError, query } from './graphql-client.js';

const KINDS = {
  TEAMS: 'Microsoft Teams (Workflows webhook)',
  SLACK_WEBHOOK: 'Slack (incoming webhook)',
  SLACK_BOT: 'Slack (bot token)',
  WEBHOOK: 'Webhook (signed JSON)',
  EMAIL: 'E-mail (SMTP)',
};
const EVENTS = {
  INCIDENT_CREATED: 'New incident',
  INCIDENT_UPDATED: 'Each update',
  STATUS_CHANGED: 'Status change',
  INCIDENT_RESOLVED: 'Resolution',
  DEGRADED_ENTERED: 'Degraded mode entered',
  DEGRADED_LEFT: 'Degraded mode left',
  SOURCE_DOWN: 'A source down',
};
const SECRET_NAMES = { url: 'URL', hmacSecret: 'HMAC secret', token: 'bot token', password: 'password' };
/** The form's settings, each shown for the kinds it applies to. */
const SETTINGS = [
  { name: 'url', label: 'URL', type: 'url', kinds: ['TEAMS', 'SLACK_WEBHOOK', 'WEBHOOK'], wide: true },
  { name: 'hmacSecret', label: 'HMAC secret', type: 'password', kinds: ['WEBHOOK'] },
  { name: 'botToken', label: 'Bot token', type: 'password', kinds: ['SLACK_BOT'] },
  { name: 'slackChannel', label: 'Channel', type: 'text', kinds: ['SLACK_BOT'] },
  { name: 'host', label: 'SMTP host', type: 'text', kinds: ['EMAIL'] },
  { name: 'port', label: 'SMTP port', type: 'number', kinds: ['EMAIL'] },
  { name: 'from', label: 'From', type: 'email', kinds: ['EMAIL'] },
  { name: 'to', label: 'To (comma-separated)', type: 'text', kinds: ['EMAIL'], wide: true },
  { name: 'user', label: 'SMTP user', type: 'text', kinds: ['EMAIL'] },
  { name: 'password', label: 'SMTP password', type: 'password', kinds: ['EMAIL'] },
];
const DEFAULT_EVENTS = ['INCIDENT_CREATED', 'INCIDENT_UPDATED', 'INCIDENT_RESOLVED'];

const SETTINGS_QUERY = `query NotificationSettings {
  notificationTargets { id name kind enabled slackChannel secretsSet pendingCount deadCount
    email { host to } rules { id enabled events } }
  notificationDeadLetters(first: 20) { edges { node {
    id targetName headline attemptCount createdAt lastError } } } }`;
const CREATE_TARGET = `mutation CreateNotificationTarget($input: CreateNotificationTargetInput!) {
  createNotificationTarget(input: $input) { id name } }`;
const CREATE_RULE = `mutation CreateNotificationRule($input: CreateNotificationRuleInput!) {
  createNotificationRule(input: $input) { id } }`;
const SEND_TEST = `mutation SendTestNotification($targetId: ID!) {
  sendTestNotification(targetId: $targetId) { id state } }`;

/**
 * Mutations go as POSTs, never as the GETs of persisted queries: a GET must not change anything. Errors
 * are the ones `query` throws, so the page handles both alike.
 */
async function mutate(document, variables, getKey) {
  const key = getKey();
  let response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(key ? { authorization: `Bearer ${key}` } : {}),
      },
      body: JSON.stringify({ query: document, variables }),
      cache: 'no-store',
    });
  } catch {
    throw new NetworkError('The request did not reach Beacon.');
  }
  if (response.status === 401) throw new AuthRequiredError();
  const body = await response.json().catch(() => null);
  if (Array.isArray(body?.errors) && body.errors.length > 0) throw new GraphQLRequestError(body.errors);
  if (!body?.data) throw new NetworkError(`Beacon answered ${response.status} without data.`);
  return body.data;
}

let wired = false;

/** Shows the settings when the key may manage notifications; hides them otherwise. */
export async function loadNotificationSettings({ getKey }) {
  const section = byId('notification-settings');
  if (!section) return;
  if (!wired) {
    wired = true;
    section.replaceChildren(...skeleton(getKey));
  }
  let data;
  try {
    data = await query(SETTINGS_QUERY, {}, { getKey });
  } catch (caught) {
    if (caught instanceof GraphQLRequestError && caught.code === 'FORBIDDEN') {
      section.hidden = true;
      return;
    }
    section.hidden = false;
    byId('notification-status').textContent =
      `The notification settings could not be read: ${caught.message}`;
    return;
  }
  section.hidden = false;
  renderTargets(data.notificationTargets, getKey);
  renderDeadLetters(data.notificationDeadLetters.edges.map((edge) => edge.node));
}

function skeleton(getKey) {
  return [
    h('h2', { id: 'notification-settings-heading' }, 'Notifications'),
    h(
      'p',
      { class: 'panel__note' },
      'Where Beacon sends news of incidents and status changes. Secrets are never shown once saved.',
    ),
    h('p', { id: 'notification-status', role: 'status', 'aria-live': 'polite' }),
    h('h3', {}, 'Targets'),
    h('div', { class: 'table-wrap' }, h('table', { id: 'notification-targets', class: 'source-table' })),
    h('h3', {}, 'Add a target'),
    targetForm(getKey),
    h('h3', {}, 'Dead letters'),
    h('p', { class: 'panel__note' }, 'Messages Beacon gave up on after its last attempt (newest first).'),
    h('div', { class: 'table-wrap' }, h('table', { id: 'notification-dead-letters', class: 'source-table' })),
  ];
}

function renderTargets(targets, getKey) {
  const table = byId('notification-targets');
  const head = h(
    'thead',
    {},
    h(
      'tr',
      {},
      ['Name', 'Kind', 'Tells about', 'Secrets', 'Pending', 'Dead letters', ''].map((title) =>
        h('th', { scope: 'col' }, title),
      ),
    ),
  );
  const rows =
    targets.length === 0
      ? [h('tr', {}, h('td', { colspan: 7, class: 'placeholder' }, 'No targets yet: add one below.'))]
      : targets.map((target) =>
          h(
            'tr',
            { dataset: { targetId: target.id } },
            h('th', { scope: 'row' }, target.name, target.enabled ? null : ' (disabled)'),
            h('td', {}, KINDS[target.kind] ?? target.kind, destination(target)),
            h('td', {}, tellsAbout(target.rules)),
            h('td', {}, target.secretsSet.map((name) => `${SECRET_NAMES[name] ?? name}: set`).join(', ')),
            h('td', {}, String(target.pendingCount)),
            h('td', {}, String(target.deadCount)),
            h(
              'td',
              {},
              h(
                'button',
                {
                  type: 'button',
                  class: 'button--secondary',
                  'aria-label': `Send a test to ${target.name}`,
                  onclick: (event) => sendTest(target, event.currentTarget, getKey),
                },
                'Send a test',
              ),
            ),
          ),
        );
  table.replaceChildren(head, h('tbody', {}, rows));
}

function destination(target) {
  if (target.slackChannel) return ` · ${target.slackChannel}`;
  if (target.email) return ` · ${target.email.to.join(', ')}`;
  return null;
}

function tellsAbout(rules) {
  const enabled = rules.filter((rule) => rule.enabled);
  if (enabled.length === 0) return 'Nothing: it has no rule';
  const events = [...new Set(enabled.flatMap((rule) => rule.events))];
  return events.map((event) => EVENTS[event] ?? event).join(', ');
}

function renderDeadLetters(letters) {
  const table = byId('notification-dead-letters');
  const head = h(
    'thead',
    {},
    h(
      'tr',
      {},
      ['Written', 'Target', 'Message', 'Attempts', 'Last error'].map((title) =>
        h('th', { scope: 'col' }, title),
      ),
    ),
  );
  const rows =
    letters.length === 0
      ? [
          h(
            'tr',
            {},
            h(
              'td',
              { colspan: 5, class: 'placeholder' },
              'None: every message was sent or is still being tried.',
            ),
          ),
        ]
      : letters.map((letter) =>
          h(
            'tr',
            { dataset: { deliveryId: letter.id } },
            h('td', {}, h('time', { datetime: letter.createdAt }, formatDateTime(letter.createdAt))),
            h('td', {}, letter.targetName),
            h('td', {}, letter.headline),
            h('td', {}, String(letter.attemptCount)),
            h('td', {}, letter.lastError ?? ''),
          ),
        );
  table.replaceChildren(head, h('tbody', {}, rows));
}

async function sendTest(target, button, getKey) {
  const status = byId('notification-status');
  button.disabled = true;
  try {
    await mutate(SEND_TEST, { targetId: target.id }, getKey);
    status.textContent = `A test message is on its way to ${target.name}.`;
    await loadNotificationSettings({ getKey });
  } catch (caught) {
    status.textContent = `The test could not be sent to ${target.name}: ${caught.message}`;
  } finally {
    button.disabled = false;
  }
}

function targetForm(getKey) {
  const kind = h(
    'select',
    { id: 'notification-kind', name: 'kind' },
    Object.entries(KINDS).map(([value, label]) => h('option', { value }, label)),
  );
  const settings = SETTINGS.map((setting) =>
    h(
      'div',
      { class: setting.wide ? 'field field--wide' : 'field', dataset: { kinds: setting.kinds.join(' ') } },
      h('label', { for: `notification-${setting.name}` }, setting.label),
      h('input', {
        id: `notification-${setting.name}`,
        name: setting.name,
        type: setting.type,
        autocomplete: 'off',
        spellcheck: 'false',
        placeholder: setting.name === 'port' ? '587' : null,
      }),
    ),
  );
  const events = h(
    'fieldset',
    { class: 'field field--wide notification-events' },
    h('legend', {}, 'Tell it about'),
    Object.entries(EVENTS).map(([value, label]) =>
      h(
        'label',
        {},
        h('input', { type: 'checkbox', name: 'events', value, checked: DEFAULT_EVENTS.includes(value) }),
        ` ${label}`,
      ),
    ),
  );
  const error = h('p', { id: 'notification-form-error', class: 'form-error', role: 'alert' });
  const form = h(
    'form',
    {
      id: 'notification-form',
      class: 'history-form',
      'aria-label': 'Add a notification target',
      novalidate: true,
    },
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'notification-name' }, 'Name'),
      h('input', { id: 'notification-name', name: 'name', type: 'text', required: true }),
    ),
    h('div', { class: 'field' }, h('label', { for: 'notification-kind' }, 'Kind'), kind),
    settings,
    events,
    h('div', { class: 'field field--actions' }, h('button', { type: 'submit' }, 'Add the target')),
  );
  const showSettingsOfKind = () => {
    for (const field of settings) field.hidden = !field.dataset.kinds.split(' ').includes(kind.value);
  };
  kind.addEventListener('change', showSettingsOfKind);
  // The form's values change only after its reset event: look again once they have.
  form.addEventListener('reset', () => setTimeout(showSettingsOfKind, 0));
  showSettingsOfKind();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    await addTarget(form, error, getKey);
  });
  return h('div', {}, form, error);
}

/** The form as a CreateNotificationTargetInput: only the settings of the chosen kind. */
function targetInput(form) {
  const values = new FormData(form);
  const kind = values.get('kind');
  const text = (name) => String(values.get(name) ?? '').trim();
  const given = (name) => (SETTINGS.find((s) => s.name === name).kinds.includes(kind) && text(name)) || null;
  if (kind === 'EMAIL') {
    return {
      name: text('name'),
      kind,
      email: {
        host: text('host'),
        port: text('port') ? Number(text('port')) : null,
        from: text('from'),
        to: text('to')
          .split(',')
          .map((address) => address.trim())
          .filter(Boolean),
        user: given('user'),
        password: given('password'),
      },
    };
  }
  const input = { name: text('name'), kind };
  for (const name of ['url', 'hmacSecret', 'botToken', 'slackChannel']) {
    const value = given(name);
    if (value !== null) input[name] = value;
  }
  return input;
}

async function addTarget(form, error, getKey) {
  const button = form.querySelector('button[type="submit"]');
  const events = new FormData(form).getAll('events');
  error.textContent = '';
  button.disabled = true;
  try {
    const { createNotificationTarget: target } = await mutate(
      CREATE_TARGET,
      { input: targetInput(form) },
      getKey,
    );
    if (events.length > 0) await mutate(CREATE_RULE, { input: { targetId: target.id, events } }, getKey);
    form.reset();
    byId('notification-status').textContent =
      `${target.name} added` +
      (events.length ? `; it will be told of ${plural(events.length, 'kind')} of news.` : '.');
    await loadNotificationSettings({ getKey });
  } catch (caught) {
    error.textContent = caught.message;
    const argument = caught.errors?.[0]?.extensions?.argument;
    const field = argument && form.querySelector(`[name="${String(argument).split('.').pop()}"]`);
    (field ?? form.querySelector('[name="name"]')).focus();
  } finally {
    button.disabled = false;
  }
}

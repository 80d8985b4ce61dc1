// Notification settings, for admins: the targets and what their rules tell them, a form to add a target
// (with a first rule) or edit one, enable, disable and delete targets and rules, "send a test", and the
// dead letters with "retry". Shown only when the key may manage them: a viewer's key gets FORBIDDEN and the
// section stays hidden.
import { byId, h } from './dom.js';
import { formatDateTime, plural } from './format.js';
import { AuthRequiredError, GraphQLRequestError, NetworkError, query } from './graphql-client.js';
import {
  NEW_RULE,
  fieldOfError,
  offerChoices,
  ruleFields,
  ruleInput,
  ruleSummary,
} from './notification-rule-fields.js';

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
    email { host port secure user from to }
    rules { id enabled events serviceIds classifications levels tenantIds quietHours { from until timeZone }
      holdSeconds sourceDownMinutes advisoryDigestMinutes advisoryDigestAt timeZone } }
  notificationDeadLetters(first: 20) { edges { node {
    id targetName headline attemptCount createdAt lastError } } }
  services { id name }
  sources { channel tenantId }
  graphTenants { id displayName } }`;
const CREATE_TARGET = `mutation CreateNotificationTarget($input: CreateNotificationTargetInput!) {
  createNotificationTarget(input: $input) { id name } }`;
const CREATE_RULE = `mutation CreateNotificationRule($input: CreateNotificationRuleInput!) {
  createNotificationRule(input: $input) { id } }`;
const SEND_TEST = `mutation SendTestNotification($targetId: ID!) {
  sendTestNotification(targetId: $targetId) { id state } }`;
const UPDATE_TARGET = `mutation UpdateNotificationTarget($id: ID!, $input: UpdateNotificationTargetInput!) {
  updateNotificationTarget(id: $id, input: $input) { id name enabled } }`;
const DELETE_TARGET = `mutation DeleteNotificationTarget($id: ID!) { deleteNotificationTarget(id: $id) { id } }`;
const UPDATE_RULE = `mutation UpdateNotificationRule($id: ID!, $input: UpdateNotificationRuleInput!) {
  updateNotificationRule(id: $id, input: $input) { id } }`;
const DELETE_RULE = `mutation DeleteNotificationRule($id: ID!) { deleteNotificationRule(id: $id) { id } }`;
const RETRY_DELIVERY = `mutation RetryNotificationDelivery($id: ID!) {
  retryNotificationDelivery(id: $id) { id state } }`;
const RETRY_DEAD_LETTERS = `mutation RetryNotificationDeadLetters($targetId: ID!) {
  retryNotificationDeadLetters(targetId: $targetId) { pending superseded } }`;

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
/** The target the form edits; null: the form adds one. */
let editing = null;
/** What a rule's lists offer ({ id, name } each): the services, and the tenants polled or added. */
let choices = { services: [], tenants: [] };

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
  choices = {
    services: data.services,
    tenants: tenantsOf(data),
  };
  offerChoices(byId('notification-form'), choices);
  renderTargets(data.notificationTargets, getKey);
  renderDeadLetters(
    data.notificationDeadLetters.edges.map((edge) => edge.node),
    getKey,
  );
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
    h('h3', { id: 'notification-form-heading' }, 'Add a target'),
    targetForm(getKey),
    h('h3', {}, 'Dead letters'),
    h('p', { class: 'panel__note' }, 'Messages Beacon gave up on after its last attempt (newest first).'),
    h('div', { class: 'table-wrap' }, h('table', { id: 'notification-dead-letters', class: 'source-table' })),
  ];
}

/**
 * The tenants a rule may name: those with a Graph source (the page's tenant picker lists them too) and
 * those added by admins, which may not be polled yet; an added one shows its name.
 */
function tenantsOf({ sources, graphTenants }) {
  const names = new Map(graphTenants.map((tenant) => [tenant.id, tenant.displayName]));
  const ids = new Set([
    ...sources.filter((source) => source.channel === 'GRAPH' && source.tenantId).map((s) => s.tenantId),
    ...names.keys(),
  ]);
  return [...ids].map((id) => {
    const name = names.get(id);
    return { id, name: name && name !== id ? `${name} (${id})` : id };
  });
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
            h('td', {}, rulesOf(target, getKey)),
            h('td', {}, target.secretsSet.map((name) => `${SECRET_NAMES[name] ?? name}: set`).join(', ')),
            h('td', {}, String(target.pendingCount)),
            h(
              'td',
              {},
              String(target.deadCount),
              target.deadCount > 0
                ? [
                    ' ',
                    action(`Retry the dead letters of ${target.name}`, 'Retry', () =>
                      retryDeadLetters(target, getKey),
                    ),
                  ]
                : null,
            ),
            h(
              'td',
              { class: 'notification-actions' },
              action(`Send a test to ${target.name}`, 'Send a test', () => sendTest(target, getKey)),
              action(`Edit ${target.name}`, 'Edit', () => editTarget(target)),
              action(
                `${target.enabled ? 'Disable' : 'Enable'} ${target.name}`,
                target.enabled ? 'Disable' : 'Enable',
                () =>
                  change(
                    UPDATE_TARGET,
                    { id: target.id, input: { enabled: !target.enabled } },
                    getKey,
                    `${target.name} ${target.enabled ? 'disabled: it is sent nothing until enabled again' : 'enabled'}.`,
                  ),
              ),
              confirmedAction(`Delete ${target.name}`, 'Delete', () =>
                change(
                  DELETE_TARGET,
                  { id: target.id },
                  getKey,
                  `${target.name} deleted, with its rules and what it was owed.`,
                ),
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

/** Each rule of the target: what it tells about, and its buttons. */
function rulesOf(target, getKey) {
  if (target.rules.length === 0) return 'Nothing: it has no rule';
  return h(
    'ul',
    { class: 'notification-rules' },
    target.rules.map((rule, index) => {
      const name = `rule ${index + 1} of ${target.name}`;
      const item = h(
        'li',
        { dataset: { ruleId: rule.id } },
        rule.events.map((event) => EVENTS[event] ?? event).join(', '),
        ruleSummary(rule, choices),
        rule.enabled ? null : ' (disabled)',
        ' ',
        action(`Edit ${name}`, 'Edit', () => item.replaceChildren(ruleEditor(rule, name, getKey))),
        action(`${rule.enabled ? 'Disable' : 'Enable'} ${name}`, rule.enabled ? 'Disable' : 'Enable', () =>
          change(
            UPDATE_RULE,
            { id: rule.id, input: { enabled: !rule.enabled } },
            getKey,
            `The ${name} ${rule.enabled ? 'disabled' : 'enabled'}.`,
          ),
        ),
        confirmedAction(`Delete ${name}`, 'Delete', () =>
          change(DELETE_RULE, { id: rule.id }, getKey, `The ${name} deleted.`),
        ),
      );
      return item;
    }),
  );
}

/** A rule's events, filters and options, saved in place. */
function ruleEditor(rule, name, getKey) {
  const error = h('p', { class: 'form-error', role: 'alert' });
  const form = h(
    'form',
    { 'aria-label': `Edit ${name}`, class: 'history-form', novalidate: true },
    eventsFieldset(rule.events, 'Tell it about'),
    ruleFields(rule, choices),
    h(
      'div',
      { class: 'field field--actions' },
      h('button', { type: 'submit' }, 'Save the rule'),
      ' ',
      h(
        'button',
        { type: 'button', class: 'button--secondary', onclick: () => loadNotificationSettings({ getKey }) },
        'Cancel',
      ),
    ),
    error,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const input = { events: new FormData(form).getAll('events'), ...ruleInput(form) };
    void saveRule(rule, input, form, name, error, getKey);
  });
  return form;
}

/** Saves a rule; what is wrong stays in the editor, with what was typed, until it is put right. */
async function saveRule(rule, input, form, name, error, getKey) {
  error.textContent = '';
  try {
    await mutate(UPDATE_RULE, { id: rule.id, input }, getKey);
  } catch (caught) {
    error.textContent = caught.message;
    fieldOfError(form, caught)?.focus();
    return;
  }
  await loadNotificationSettings({ getKey });
  byId('notification-status').textContent = `The ${name} saved.`;
}

/** A small button named for what it does to what (its accessible name), running `run` once at a time. */
function action(label, text, run) {
  return h(
    'button',
    {
      type: 'button',
      class: 'button--secondary button--small',
      'aria-label': label,
      onclick: async (event) => {
        const button = event.currentTarget;
        button.disabled = true;
        try {
          await run();
        } finally {
          button.disabled = false;
        }
      },
    },
    text,
  );
}

/** An action that asks again first: the first click turns the button into "Confirm", the second runs it. */
function confirmedAction(label, text, run) {
  const button = action(label, text, async () => {
    if (button.dataset.confirming !== 'true') {
      button.dataset.confirming = 'true';
      button.textContent = `Confirm: ${text.toLowerCase()}`;
      button.setAttribute('aria-label', `Confirm: ${label.charAt(0).toLowerCase()}${label.slice(1)}`);
      return;
    }
    await run();
  });
  return button;
}

/**
 * Runs a mutation, shows the settings as they are now, then says what it did (`done`: a sentence, or one
 * made of the answer's data) or why it did not (after `failed`).
 */
async function change(document, variables, getKey, done, failed = 'Not done') {
  let said;
  try {
    const data = await mutate(document, variables, getKey);
    said = typeof done === 'function' ? done(data) : done;
  } catch (caught) {
    said = `${failed}: ${caught.message}`;
  }
  await loadNotificationSettings({ getKey });
  byId('notification-status').textContent = said;
}

function renderDeadLetters(letters, getKey) {
  const table = byId('notification-dead-letters');
  const head = h(
    'thead',
    {},
    h(
      'tr',
      {},
      ['Written', 'Target', 'Message', 'Attempts', 'Last error', ''].map((title) =>
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
              { colspan: 6, class: 'placeholder' },
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
            h(
              'td',
              {},
              action(`Retry ${letter.headline} to ${letter.targetName}`, 'Retry', () =>
                retryDelivery(letter, getKey),
              ),
            ),
          ),
        );
  table.replaceChildren(head, h('tbody', {}, rows));
}

function sendTest(target, getKey) {
  return change(
    SEND_TEST,
    { targetId: target.id },
    getKey,
    `A test message is on its way to ${target.name}.`,
    `The test could not be sent to ${target.name}`,
  );
}

function retryDelivery(letter, getKey) {
  return change(
    RETRY_DELIVERY,
    { id: letter.id },
    getKey,
    ({ retryNotificationDelivery }) =>
      retryNotificationDelivery.state === 'SUPERSEDED'
        ? `Not sent again: ${letter.targetName} has since been sent a later change of the same incident.`
        : `“${letter.headline}” will be sent to ${letter.targetName} again, before anything later of its incident.`,
    'Not retried',
  );
}

function retryDeadLetters(target, getKey) {
  return change(
    RETRY_DEAD_LETTERS,
    { targetId: target.id },
    getKey,
    ({ retryNotificationDeadLetters: retried }) =>
      `${plural(retried.pending, 'message')} to ${target.name} will be sent again, in order` +
      (retried.superseded > 0
        ? `; ${plural(retried.superseded, 'message')} not, as later changes of their incidents were sent since.`
        : '.'),
    'Not retried',
  );
}

function eventsFieldset(checked, legend) {
  return h(
    'fieldset',
    { class: 'field field--wide notification-events' },
    h('legend', {}, legend),
    Object.entries(EVENTS).map(([value, label]) =>
      h(
        'label',
        {},
        h('input', { type: 'checkbox', name: 'events', value, checked: checked.includes(value) }),
        ` ${label}`,
      ),
    ),
  );
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
  const events = eventsFieldset(DEFAULT_EVENTS, 'Tell it about');
  events.id = 'notification-form-events';
  // The rule made with the target: what it lets through and when (hidden while a target is edited).
  const rule = h(
    'div',
    { id: 'notification-form-rule', class: 'notification-rule-fields' },
    ruleFields(NEW_RULE, choices),
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
    rule,
    h(
      'div',
      { class: 'field field--actions' },
      h('button', { type: 'submit', id: 'notification-form-submit' }, 'Add the target'),
      ' ',
      h(
        'button',
        {
          type: 'button',
          id: 'notification-form-cancel',
          class: 'button--secondary',
          hidden: true,
          onclick: () => stopEditing(form),
        },
        'Cancel',
      ),
    ),
  );
  const showSettingsOfKind = () => showSettingsOf(form);
  kind.addEventListener('change', showSettingsOfKind);
  // The form's values change only after its reset event: look again once they have.
  form.addEventListener('reset', () => setTimeout(showSettingsOfKind, 0));
  showSettingsOfKind();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    await (editing ? saveTarget(form, error, getKey) : addTarget(form, error, getKey));
  });
  return h('div', {}, form, error);
}

/** Shows the form's settings of the kind chosen, and hides the others. */
function showSettingsOf(form) {
  const kind = form.querySelector('[name="kind"]').value;
  for (const field of form.querySelectorAll('[data-kinds]')) {
    field.hidden = !field.dataset.kinds.split(' ').includes(kind);
  }
}

/**
 * The form as a CreateNotificationTargetInput (or, editing, an UpdateNotificationTargetInput): only the
 * settings of the chosen kind; a secret left empty is kept.
 */
function targetInput(form) {
  const values = new FormData(form);
  const kind = editing ? editing.kind : values.get('kind');
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

/**
 * Adds the target and, with events chosen, its first rule; a rule refused takes the new target away again,
 * so that the form, still as typed, can be sent once more.
 */
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
    if (events.length > 0) {
      try {
        await mutate(CREATE_RULE, { input: { targetId: target.id, events, ...ruleInput(form) } }, getKey);
      } catch (refused) {
        await mutate(DELETE_TARGET, { id: target.id }, getKey);
        throw refused;
      }
    }
    form.reset();
    byId('notification-status').textContent =
      `${target.name} added` +
      (events.length ? `; it will be told of ${plural(events.length, 'kind')} of news.` : '.');
    await loadNotificationSettings({ getKey });
  } catch (caught) {
    error.textContent = caught.message;
    (fieldOfError(form, caught) ?? form.querySelector('[name="name"]')).focus();
  } finally {
    button.disabled = false;
  }
}

/** Fills the form with a target's settings to change them; its secrets stay empty (kept unless typed). */
function editTarget(target) {
  const form = byId('notification-form');
  form.reset();
  editing = target;
  const field = (name) => form.querySelector(`[name="${name}"]`);
  field('name').value = target.name;
  field('kind').value = target.kind;
  field('kind').disabled = true;
  field('slackChannel').value = target.slackChannel ?? '';
  const email = target.email;
  if (email) {
    field('host').value = email.host;
    field('port').value = String(email.port);
    field('from').value = email.from;
    field('to').value = email.to.join(', ');
    field('user').value = email.user ?? '';
  }
  for (const setting of SETTINGS.filter((s) => s.type === 'password' || s.name === 'url')) {
    field(setting.name).placeholder = target.secretsSet.length ? 'Set: leave empty to keep it' : '';
  }
  byId('notification-form-events').hidden = true;
  byId('notification-form-rule').hidden = true;
  byId('notification-form-heading').textContent = `Edit ${target.name}`;
  byId('notification-form-submit').textContent = 'Save the target';
  byId('notification-form-cancel').hidden = false;
  form.setAttribute('aria-label', `Edit ${target.name}`);
  showSettingsOf(form);
  field('name').focus();
}

function stopEditing(form) {
  editing = null;
  form.reset();
  form.querySelector('[name="kind"]').disabled = false;
  for (const setting of SETTINGS) {
    form.querySelector(`[name="${setting.name}"]`).placeholder = setting.name === 'port' ? '587' : '';
  }
  byId('notification-form-events').hidden = false;
  byId('notification-form-rule').hidden = false;
  byId('notification-form-heading').textContent = 'Add a target';
  byId('notification-form-submit').textContent = 'Add the target';
  byId('notification-form-cancel').hidden = true;
  form.setAttribute('aria-label', 'Add a notification target');
  byId('notification-form-error').textContent = '';
}

async function saveTarget(form, error, getKey) {
  const button = byId('notification-form-submit');
  const target = editing;
  const { kind: _kind, ...input } = targetInput(form);
  error.textContent = '';
  button.disabled = true;
  try {
    await mutate(UPDATE_TARGET, { id: target.id, input }, getKey);
    stopEditing(form);
    await loadNotificationSettings({ getKey });
    byId('notification-status').textContent = `${input.name} saved.`;
  } catch (caught) {
    error.textContent = caught.message;
    (fieldOfError(form, caught) ?? form.querySelector('[name="name"]')).focus();
  } finally {
    button.disabled = false;
  }
}

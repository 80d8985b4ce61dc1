// What a notification rule is beyond its events: its filters (services, classifications, levels, tenants),
// quiet hours, hold time, how long a source must be down, and its advisory digest. The same fields serve the
// "add a target" form (its first rule) and the rule editor; a filter left empty matches everything.
import { h } from './dom.js';
import { LEVELS } from './format.js';

const CLASSIFICATIONS = { INCIDENT: 'Incidents', ADVISORY: 'Advisories' };
/** Worst first, as an admin picks them. */
const LEVEL_CHOICES = ['INTERRUPTED', 'DEGRADED', 'INVESTIGATING', 'UNKNOWN', 'OPERATIONAL'];
/** The form field an error's argument names, where it is not the argument's own name. */
const FIELD_OF_ARGUMENT = {
  quietHours: 'quietFrom',
  'quietHours.from': 'quietFrom',
  'quietHours.until': 'quietUntil',
  'quietHours.timeZone': 'timeZone',
};

/** The settings of a rule that has none yet. */
export const NEW_RULE = {
  serviceIds: null,
  classifications: null,
  levels: null,
  tenantIds: null,
  quietHours: null,
  holdSeconds: null,
  sourceDownMinutes: 15,
  advisoryDigestMinutes: null,
  advisoryDigestAt: null,
  timeZone: 'UTC',
};

/**
 * The rule's fields, filled with `rule`'s settings. `choices` holds the services and tenants to choose from
 * ({ id, name } each); a stored one no longer among them is still offered, so that saving keeps it.
 */
export function ruleFields(rule, choices) {
  const field = (label, attributes) =>
    h('label', { class: 'field' }, label, h('input', { autocomplete: 'off', ...attributes }));
  return [
    multiSelect('Services (none chosen: all)', 'serviceIds', choices.services, rule.serviceIds),
    checkboxes('Classifications (none: all)', 'classifications', CLASSIFICATIONS, rule.classifications),
    checkboxes(
      'Levels (none: all)',
      'levels',
      Object.fromEntries(LEVEL_CHOICES.map((level) => [level, LEVELS[level].label])),
      rule.levels,
    ),
    multiSelect('Tenants (none chosen: all)', 'tenantIds', choices.tenants, rule.tenantIds),
    field('Quiet from (HH:MM)', {
      name: 'quietFrom',
      type: 'text',
      placeholder: '22:00',
      value: rule.quietHours?.from ?? '',
    }),
    field('Quiet until (HH:MM)', {
      name: 'quietUntil',
      type: 'text',
      placeholder: '07:00',
      value: rule.quietHours?.until ?? '',
    }),
    field('Hold changes for (seconds; empty: the default)', {
      name: 'holdSeconds',
      type: 'number',
      min: 0,
      value: rule.holdSeconds ?? '',
    }),
    field('A source down for (minutes)', {
      name: 'sourceDownMinutes',
      type: 'number',
      min: 1,
      value: rule.sourceDownMinutes,
    }),
    field('Advisory digest every (minutes; empty: each as it comes)', {
      name: 'advisoryDigestMinutes',
      type: 'number',
      min: 5,
      value: rule.advisoryDigestMinutes ?? '',
    }),
    field('Digest periods from (HH:MM; empty: midnight)', {
      name: 'advisoryDigestAt',
      type: 'text',
      placeholder: '08:00',
      value: rule.advisoryDigestAt ?? '',
    }),
    field('Time zone', { name: 'timeZone', type: 'text', value: rule.timeZone }),
  ];
}

/**
 * The rule's fields of a form as settings for the API: every one is given, so an empty filter or option is
 * null (all, or the default). What the API refuses it says; nothing is checked twice here.
 */
export function ruleInput(form) {
  const values = new FormData(form);
  const text = (name) => String(values.get(name) ?? '').trim();
  const number = (name) => (text(name) ? Number(text(name)) : null);
  const list = (name) => {
    const chosen = values.getAll(name);
    return chosen.length > 0 ? chosen : null;
  };
  const quietFrom = text('quietFrom');
  const quietUntil = text('quietUntil');
  return {
    serviceIds: list('serviceIds'),
    classifications: list('classifications'),
    levels: list('levels'),
    tenantIds: list('tenantIds'),
    quietHours: quietFrom || quietUntil ? { from: quietFrom, until: quietUntil } : null,
    holdSeconds: number('holdSeconds'),
    sourceDownMinutes: number('sourceDownMinutes'),
    advisoryDigestMinutes: number('advisoryDigestMinutes'),
    advisoryDigestAt: text('advisoryDigestAt') || null,
    timeZone: text('timeZone') || null,
  };
}

/** The field of `form` an API error's argument (e.g. quietHours.from) is about, if it has one. */
export function fieldOfError(form, caught) {
  const argument = caught.errors?.[0]?.extensions?.argument;
  if (!argument) return null;
  const name = FIELD_OF_ARGUMENT[argument] ?? String(argument).split('.').pop();
  return form.querySelector(`[name="${name}"]`);
}

/** What a rule lets through and when, for its one-line summary (each part begins with " · "). */
export function ruleSummary(rule, choices) {
  const nameIn = (list) => (id) => list.find((choice) => choice.id === id)?.name ?? id;
  const parts = [
    rule.serviceIds && `services: ${rule.serviceIds.map(nameIn(choices.services)).join(', ')}`,
    rule.classifications &&
      `only ${rule.classifications.map((c) => (CLASSIFICATIONS[c] ?? c).toLowerCase()).join(' and ')}`,
    rule.levels && `levels: ${rule.levels.map((level) => LEVELS[level]?.label ?? level).join(', ')}`,
    rule.tenantIds && `tenants: ${rule.tenantIds.map(nameIn(choices.tenants)).join(', ')}`,
    rule.events.includes('SOURCE_DOWN') && `a source down ${rule.sourceDownMinutes} min`,
    rule.advisoryDigestMinutes &&
      `advisories in a digest every ${rule.advisoryDigestMinutes} min from ` +
        `${rule.advisoryDigestAt ?? '00:00'} (${rule.timeZone})`,
    rule.quietHours && `quiet ${rule.quietHours.from}–${rule.quietHours.until} (${rule.quietHours.timeZone})`,
    rule.holdSeconds !== null && `changes held ${rule.holdSeconds} s`,
  ];
  return parts.filter(Boolean).map((part) => ` · ${part}`);
}

/**
 * Offers `choices` in the form's services and tenants lists, keeping what is chosen: the add form is made
 * once, before they are known, and stays as typed while the settings are shown again.
 */
export function offerChoices(form, choices) {
  const offer = (name, options) => {
    const select = form.querySelector(`select[name="${name}"]`);
    const chosen = [...select.selectedOptions].map((option) => option.value);
    fillSelect(select, options, chosen);
  };
  offer('serviceIds', choices.services);
  offer('tenantIds', choices.tenants);
}

function multiSelect(label, name, options, selected) {
  const select = h('select', { name, multiple: true });
  const field = h('label', { class: 'field notification-choice' }, label, select);
  fillSelect(select, options, selected ?? []);
  return field;
}

/** The options, and any chosen one no longer among them; a list with nothing to offer is hidden. */
function fillSelect(select, options, chosen) {
  const offered = [
    ...options,
    ...chosen.filter((id) => !options.some((option) => option.id === id)).map((id) => ({ id, name: id })),
  ];
  select.replaceChildren(
    ...offered.map((option) =>
      h('option', { value: option.id, selected: chosen.includes(option.id) }, option.name),
    ),
  );
  select.size = Math.min(Math.max(offered.length, 2), 6);
  select.parentElement.hidden = offered.length === 0;
}

function checkboxes(legend, name, labels, checked) {
  return h(
    'fieldset',
    { class: 'field notification-events' },
    h('legend', {}, legend),
    Object.entries(labels).map(([value, label]) =>
      h(
        'label',
        {},
        h('input', { type: 'checkbox', name, value, checked: checked?.includes(value) }),
        ` ${label}`,
      ),
    ),
  );
}

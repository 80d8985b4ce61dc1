// The history view's charts: incidents per month per service, and time to resolve per month, drawn as
// inline SVG from `incidentStatistics` for the filter of the history search; each chart has its figures
// as a table (the chart is hidden from screen readers, the table is not). Export links for the same filter.
import { byId, h } from './dom.js';
import { query } from './graphql-client.js';

const SVG = 'http://www.w3.org/2000/svg';
/** Services drawn separately; the rest are summed as "Other services". */
const TOP_SERVICES = 5;
/** Months shown: the newest this many that have incidents. */
const MONTHS = 12;
/** Distinguishable in colour and in greyscale, on light and dark backgrounds. */
const PALETTE = ['#2563eb', '#d97706', '#059669', '#db2777', '#7c3aed', '#6b7280'];

const SUMMARY = 'count p50Seconds p90Seconds maxSeconds';
const BY_SERVICE = `query HistoryServices($filter: IncidentFilter) {
  incidentStatistics(filter: $filter, groupBy: SERVICE) { groups { key label incidentCount } } }`;

/** One statement per service (and one for all), in one request: aliases `all`, `s0`, `s1`, … */
function byMonthDocument(count) {
  const variables = [
    '$all: IncidentFilter',
    ...Array.from({ length: count }, (_, i) => `$f${i}: IncidentFilter`),
  ];
  const months = (alias, variable) =>
    `${alias}: incidentStatistics(filter: ${variable}, groupBy: MONTH) {
       groups { key incidentCount timeToResolve { ${SUMMARY} } } }`;
  return `query HistoryMonths(${variables.join(', ')}) {
    ${months('all', '$all')}
    ${Array.from({ length: count }, (_, i) => months(`s${i}`, `$f${i}`)).join('\n')}
  }`;
}

let generation = 0;

/** Draws the charts for `filter` into #history-charts; a newer call wins over a slower older one. */
export async function renderHistoryCharts(filter, { getKey }) {
  const mine = ++generation;
  const container = byId('history-charts');
  if (!container) return;
  container.setAttribute('aria-busy', 'true');
  try {
    const services = (await query(BY_SERVICE, { filter }, { getKey })).incidentStatistics.groups
      .filter((group) => group.key !== null)
      .sort((a, b) => b.incidentCount - a.incidentCount || a.label.localeCompare(b.label))
      .slice(0, TOP_SERVICES);
    const variables = { all: filter };
    services.forEach((service, i) => (variables[`f${i}`] = { ...filter, serviceIds: [service.key] }));
    const data = await query(byMonthDocument(services.length), variables, { getKey });
    if (mine !== generation) return;
    const months = data.all.groups
      .map((group) => group.key)
      .filter(Boolean)
      .slice(-MONTHS);
    container.replaceChildren(
      h('h3', { id: 'history-charts-heading' }, 'Incidents by month'),
      ...(months.length === 0
        ? [h('p', {}, 'No incidents match, so there is nothing to chart.')]
        : [incidentsPerMonth(months, services, data), timeToResolve(months, data.all.groups)]),
      exportLinks(filter, getKey),
    );
  } catch (caught) {
    if (mine !== generation) return;
    container.replaceChildren(
      h('p', { class: 'form-error' }, `The charts could not be drawn: ${caught.message}`),
    );
  } finally {
    if (mine === generation) container.removeAttribute('aria-busy');
  }
}

/** Stacked bars: one per month, one colour per service; "Other services" is the rest of the month. */
function incidentsPerMonth(months, services, data) {
  const counts = (groups) => new Map(groups.map((group) => [group.key, group.incidentCount]));
  const all = counts(data.all.groups);
  const series = services.map((service, i) => ({
    name: service.label ?? service.key,
    counts: counts(data[`s${i}`].groups),
  }));
  const other = new Map(
    months.map((month) => [
      month,
      (all.get(month) ?? 0) - series.reduce((sum, s) => sum + (s.counts.get(month) ?? 0), 0),
    ]),
  );
  if ([...other.values()].some((count) => count > 0)) series.push({ name: 'Other services', counts: other });
  const totals = months.map((month) => all.get(month) ?? 0);
  const chart = barChart({
    months,
    max: Math.max(1, ...totals),
    unit: '',
    bars: months.map((month) =>
      series.map((s, i) => ({ value: s.counts.get(month) ?? 0, colour: PALETTE[i % PALETTE.length] })),
    ),
    label: 'Incidents per month, stacked by service',
  });
  return figure(
    'Incidents per month and service',
    chart,
    legend(series.map((s, i) => [s.name, PALETTE[i % PALETTE.length]])),
    table(
      'Incidents per month and service',
      ['Month', ...series.map((s) => s.name), 'All'],
      months.map((month, i) => [month, ...series.map((s) => s.counts.get(month) ?? 0), totals[i]]),
    ),
  );
}

/** Side-by-side bars per month: median and 90th percentile of the time to resolve, in hours. */
function timeToResolve(months, groups) {
  const byMonth = new Map(groups.map((group) => [group.key, group.timeToResolve]));
  const hours = (seconds) => (seconds === null || seconds === undefined ? null : seconds / 3600);
  const rows = months.map(
    (month) => byMonth.get(month) ?? { count: 0, p50Seconds: null, p90Seconds: null, maxSeconds: null },
  );
  const chart = barChart({
    months,
    max: Math.max(0.1, ...rows.map((row) => hours(row.p90Seconds) ?? 0)),
    unit: ' h',
    grouped: true,
    bars: rows.map((row) => [
      { value: hours(row.p50Seconds) ?? 0, colour: PALETTE[0] },
      { value: hours(row.p90Seconds) ?? 0, colour: PALETTE[1] },
    ]),
    label: 'Time to resolve per month: median and 90th percentile, in hours',
  });
  const shown = (seconds) => (seconds === null ? '–' : (seconds / 3600).toFixed(1));
  return figure(
    'Time to resolve (hours)',
    chart,
    legend([
      ['Median', PALETTE[0]],
      ['90th percentile', PALETTE[1]],
    ]),
    table(
      'Time to resolve per month, in hours',
      ['Month', 'Resolved', 'Median', '90th percentile', 'Longest'],
      rows.map((row, i) => [
        months[i],
        row.count,
        shown(row.p50Seconds),
        shown(row.p90Seconds),
        shown(row.maxSeconds),
      ]),
    ),
  );
}

function svg(tag, attributes, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  element.append(...children);
  return element;
}

/** Bars per month, stacked (counts) or side by side (`grouped`), with a baseline, a top value and labels. */
function barChart({ months, max, bars, grouped = false, unit, label }) {
  const width = 640;
  const height = 220;
  const left = 44;
  const bottom = 28;
  const top = 12;
  const plot = height - bottom - top;
  const slot = (width - left) / months.length;
  const barWidth = Math.max(4, slot * 0.7);
  const y = (value) => top + plot - (value / max) * plot;
  const children = [
    svg('line', {
      x1: left,
      x2: width,
      y1: top + plot,
      y2: top + plot,
      stroke: 'currentColor',
      'stroke-width': 1,
    }),
    svg(
      'text',
      { x: left - 6, y: top + 4, 'text-anchor': 'end', 'font-size': 11, fill: 'currentColor' },
      `${formatValue(max)}${unit}`,
    ),
    svg(
      'text',
      { x: left - 6, y: top + plot, 'text-anchor': 'end', 'font-size': 11, fill: 'currentColor' },
      `0${unit}`,
    ),
  ];
  months.forEach((month, i) => {
    const x = left + i * slot + (slot - barWidth) / 2;
    let base = 0;
    bars[i].forEach((bar, j) => {
      if (bar.value <= 0) return;
      const barX = grouped ? x + (j * barWidth) / bars[i].length : x;
      const w = grouped ? barWidth / bars[i].length : barWidth;
      const from = grouped ? 0 : base;
      children.push(
        svg('rect', {
          x: barX,
          y: y(from + bar.value),
          width: w,
          height: y(from) - y(from + bar.value),
          fill: bar.colour,
        }),
      );
      base += bar.value;
    });
    children.push(
      svg(
        'text',
        {
          x: x + barWidth / 2,
          y: height - 10,
          'text-anchor': 'middle',
          'font-size': 11,
          fill: 'currentColor',
        },
        month.slice(2),
      ),
    );
  });
  return svg(
    'svg',
    {
      viewBox: `0 0 ${width} ${height}`,
      width: '100%',
      role: 'img',
      'aria-hidden': 'true',
      'data-label': label,
    },
    ...children,
  );
}

const formatValue = (value) => (Number.isInteger(value) ? String(value) : value.toFixed(1));

function figure(title, chart, key, data) {
  return h('figure', { class: 'history-chart' }, h('figcaption', {}, title), chart, key, data);
}

function legend(entries) {
  return h(
    'ul',
    { class: 'history-legend', 'aria-hidden': 'true' },
    entries.map(([name, colour]) => h('li', {}, svgSwatch(colour), ` ${name}`)),
  );
}

function svgSwatch(colour) {
  return svg(
    'svg',
    { width: 12, height: 12, viewBox: '0 0 12 12' },
    svg('rect', { width: 12, height: 12, fill: colour }),
  );
}

/** The chart's figures, for screen readers (and anyone who wants the numbers): visually hidden. */
function table(caption, header, rows) {
  return h(
    'table',
    { class: 'visually-hidden' },
    h('caption', {}, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        header.map((cell) => h('th', { scope: 'col' }, cell)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map(([first, ...rest]) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, first),
          rest.map((cell) => h('td', {}, cell)),
        ),
      ),
    ),
  );
}

/** The export's query string for a GraphQL IncidentFilter. */
export function exportQueryString(filter, extra = {}) {
  const parameters = new window.URLSearchParams();
  for (const [name, value] of Object.entries({ ...filter, ...extra })) {
    if (value === null || value === undefined) continue;
    parameters.set(name, Array.isArray(value) ? value.join(',') : String(value));
  }
  const text = parameters.toString();
  return text ? `?${text}` : '';
}

/** Buttons, not links: the key travels in a header, so the file is fetched and then saved. */
function exportLinks(filter, getKey) {
  const status = h('span', { class: 'history-export__status', role: 'status' });
  const button = (label, path, name) =>
    h(
      'button',
      {
        type: 'button',
        class: 'button--secondary',
        'data-export': path,
        onclick: () => download(path, name, getKey, status),
      },
      label,
    );
  return h(
    'p',
    { class: 'history-export' },
    'Export these incidents: ',
    button(
      'CSV (with updates)',
      `/export/incidents.csv${exportQueryString(filter, { updates: true })}`,
      'incidents.csv',
    ),
    ' ',
    button(
      'NDJSON',
      `/export/incidents.ndjson${exportQueryString(filter, { updates: true })}`,
      'incidents.ndjson',
    ),
    ' ',
    button(
      'Monthly figures (CSV)',
      `/export/statistics.csv${exportQueryString(filter, { groupBy: 'MONTH' })}`,
      'statistics.csv',
    ),
    ' ',
    status,
  );
}

async function download(path, name, getKey, status) {
  status.textContent = 'Preparing the file…';
  try {
    const key = getKey();
    const response = await fetch(path, {
      headers: key ? { authorization: `Bearer ${key}` } : {},
      cache: 'no-store',
    });
    if (!response.ok) {
      const body = await response.json().catch(() => null);
      throw new Error(body?.errors?.[0]?.message ?? `HTTP ${response.status}`);
    }
    const url = URL.createObjectURL(await response.blob());
    const link = h('a', { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    status.textContent = `${name} is ready.`;
  } catch (caught) {
    status.textContent = `The export failed: ${caught.message}`;
  }
}

import type {
  Scenario,
  ScenarioIssue,
  ScenarioMessage,
  ScenarioTenant,
} from '../scenario/scenario.schema.js';
import type { IncidentReportFormat } from '../scenario/scenario.vocabulary.js';
import { renderText } from '../scenario/text-template.js';
import { timeAt, type Moment } from '../timeline/moment.js';
import { graphDate } from './graph-date.js';

/** The shapes Graph answers with (upstreams.md §1), in the order real answers list their fields. */
export interface ServiceHealth {
  service: string;
  status: string;
  id: string;
  issues?: ServiceHealthIssue[];
}

export interface ServiceHealthIssue {
  startDateTime: string;
  endDateTime: string | null;
  lastModifiedDateTime: string;
  title: string;
  id: string;
  impactDescription: string;
  classification: string;
  origin: string;
  status: string;
  service: string;
  feature: string;
  featureGroup: string;
  isResolved: boolean;
  highImpact: null;
  details: { name: string; value: string }[];
  posts: {
    createdDateTime: string;
    postType: string;
    description: { contentType: 'html'; content: string };
  }[];
}

export interface ServiceUpdateMessage {
  startDateTime: string;
  endDateTime: string;
  lastModifiedDateTime: string;
  title: string;
  id: string;
  category: string;
  severity: string;
  tags: string[];
  isMajorChange: boolean;
  actionRequiredByDateTime: string | null;
  services: string[];
  expiryDateTime: string | null;
  hasAttachments: boolean;
  viewPoint: null;
  details: { name: string; value: string }[];
  body: { contentType: 'html'; content: string };
}

/** An issue as it stands at a moment, with what the JSON does not show (offsets in seconds). */
export interface IssueState {
  json: ServiceHealthIssue;
  started: number;
  lastModified: number;
  incidentReport: IncidentReport | undefined;
}

/** The post-incident review as the scenario gives it: its text, the document it is served as, and when. */
export interface IncidentReport {
  text: string;
  format: IncidentReportFormat;
  at: Date;
}

const CLOSING_STATUSES = new Set(
  ['serviceRestored', 'postIncidentReviewPublished', 'falsePositive', 'resolved', 'resolvedExternal'].map(
    lower,
  ),
);

/** Which open issue's status a service shows when several are open: the worst one. */
const SEVERITY = new Map(
  [
    'investigating',
    'verifyingService',
    'extendedRecovery',
    'restoringService',
    'serviceDegradation',
    'serviceInterruption',
  ].map((status, rank) => [lower(status), rank + 1]),
);

/**
 * Each tenant's Graph at a moment of the story: its services, the issues and messages it lists. Nothing is
 * stored; every answer is folded from the scenario, so time can move either way.
 */
export class GraphWorld {
  readonly #issuesByTenant = new Map<string, ScenarioIssue[]>();
  readonly #messagesByTenant = new Map<string, ScenarioMessage[]>();
  /**
   * An issue or a message only changes when one of its updates comes due, so its state is kept until then:
   * every tenant and page is handed the same object for a state, which is what lets the served JSON of that
   * state be written once (graph-page.ts).
   */
  readonly #issueStates: KeptStates<ScenarioIssue, IssueState> = new Map();
  readonly #messageStates: KeptStates<ScenarioMessage, MessageState> = new Map();
  /**
   * What each tenant lists at the moment it last asked about, a function of the two alone: a poll's
   * requests, and every request while the story is paused, ask about the same moment.
   */
  readonly #listed = new Map<string, Listed>();

  constructor(private readonly scenario: Scenario) {
    for (const tenant of scenario.tenants) {
      this.#issuesByTenant.set(
        tenant.name,
        scenario.graph.issues.filter((issue) => listedBy(issue.tenants, tenant)),
      );
      this.#messagesByTenant.set(
        tenant.name,
        scenario.graph.messages.filter((message) => listedBy(message.tenants, tenant)),
      );
    }
  }

  tenantById(id: string): ScenarioTenant | undefined {
    return this.scenario.tenants.find((tenant) => tenant.id.toLowerCase() === id.toLowerCase());
  }

  services(tenant: ScenarioTenant, moment: Moment): ServiceHealth[] {
    const open = this.#listedAt(tenant, moment).states.filter((state) => !state.json.isResolved);
    return tenant.services.map(({ id, service, status }) => ({
      service,
      status: status ?? worstStatus(open.filter((state) => lower(state.json.service) === lower(service))),
      id,
    }));
  }

  /** Newest first by start, which keeps pages steady while issues are updated. */
  issues(tenant: ScenarioTenant, moment: Moment): readonly ServiceHealthIssue[] {
    return this.#listedAt(tenant, moment).issues;
  }

  issue(tenant: ScenarioTenant, id: string, moment: Moment): IssueState | undefined {
    return this.#listedAt(tenant, moment).states.find((state) => lower(state.json.id) === lower(id));
  }

  messages(tenant: ScenarioTenant, moment: Moment): ServiceUpdateMessage[] {
    return (this.#messagesByTenant.get(tenant.name) ?? [])
      .filter((message) => message.at <= moment.offset)
      .map((message) => keptState(this.#messageStates, message, moment, messageAt))
      .sort((a, b) => b.lastModified - a.lastModified || a.json.id.localeCompare(b.json.id))
      .map((state) => state.json);
  }

  #listedAt(tenant: ScenarioTenant, moment: Moment): Listed {
    const { originMs, offset } = moment;
    const last = this.#listed.get(tenant.name);
    if (last?.originMs === originMs && last.offset === offset) return last;
    const retainedFrom = offset - this.scenario.graph.retentionDays * 86_400;
    const states = (this.#issuesByTenant.get(tenant.name) ?? [])
      .filter((issue) => (issue.updates[0]?.at ?? Infinity) <= offset)
      .map((issue) => keptState(this.#issueStates, issue, moment, issueAt))
      .filter((state) => !state.json.isResolved || state.lastModified >= retainedFrom);
    const issues = [...states]
      .sort(
        (a, b) =>
          b.json.startDateTime.localeCompare(a.json.startDateTime) || a.json.id.localeCompare(b.json.id),
      )
      .map((state) => state.json);
    const listed = { originMs, offset, states, issues };
    this.#listed.set(tenant.name, listed);
    return listed;
  }
}

type KeptStates<Item, State> = Map<Item, { originMs: number; applied: number; state: State }>;

/** The item's state at the moment: the one kept while no other update has come due, else folded anew. */
function keptState<Item extends { updates: ReadonlyArray<{ at: number }> }, State>(
  kept: KeptStates<Item, State>,
  item: Item,
  moment: Moment,
  stateAt: (item: Item, moment: Moment) => State,
): State {
  const applied = item.updates.filter((update) => update.at <= moment.offset).length;
  const cached = kept.get(item);
  if (cached?.originMs === moment.originMs && cached.applied === applied) return cached.state;
  const state = stateAt(item, moment);
  kept.set(item, { originMs: moment.originMs, applied, state });
  return state;
}

function issueAt(issue: ScenarioIssue, moment: Moment): IssueState {
  const iso = (offset: number) => graphDate(timeAt(moment, offset));
  const fields = {
    title: issue.title,
    impactDescription: issue.impactDescription,
    feature: issue.feature,
    featureGroup: issue.featureGroup,
    classification: issue.classification,
  };
  let status = '';
  let isResolved = false;
  let endDateTime = issue.endDateTime;
  let lastModified = issue.startDateTime;
  let incidentReport: { text: string; format: IncidentReportFormat; at: number } | undefined;
  const posts: ServiceHealthIssue['posts'] = [];

  for (const update of issue.updates.filter((u) => u.at <= moment.offset)) {
    for (const key of Object.keys(fields) as (keyof typeof fields)[])
      fields[key] = update[key] ?? fields[key];
    const wasResolved = isResolved;
    if (update.status !== undefined) {
      status = update.status;
      isResolved = CLOSING_STATUSES.has(lower(update.status));
    }
    isResolved = update.isResolved ?? isResolved;
    if (update.endDateTime !== undefined) endDateTime = update.endDateTime;
    else if (isResolved && !wasResolved) endDateTime = update.at;
    if (update.post !== undefined) {
      posts.push({
        createdDateTime: iso(update.at),
        postType: update.postType,
        description: { contentType: 'html', content: renderText(update.post, moment.originMs) },
      });
    }
    if (update.incidentReport !== undefined) {
      const format = update.incidentReportFormat ?? 'docx';
      incidentReport = { text: update.incidentReport, format, at: update.at };
    }
    lastModified = update.at;
  }

  const json: ServiceHealthIssue = {
    startDateTime: iso(issue.startDateTime),
    endDateTime: endDateTime === null ? null : iso(endDateTime),
    lastModifiedDateTime: iso(lastModified),
    title: fields.title,
    id: issue.id,
    impactDescription: fields.impactDescription,
    classification: fields.classification,
    origin: issue.origin,
    status,
    service: issue.service,
    feature: fields.feature,
    featureGroup: fields.featureGroup,
    isResolved,
    highImpact: null,
    details: issue.details,
    posts,
  };
  const report = incidentReport && {
    text: renderText(incidentReport.text, moment.originMs),
    format: incidentReport.format,
    at: new Date(timeAt(moment, incidentReport.at)),
  };
  return { json, started: issue.startDateTime, lastModified, incidentReport: report };
}

interface Listed {
  originMs: number;
  offset: number;
  states: readonly IssueState[];
  /** Newest first by start. */
  issues: readonly ServiceHealthIssue[];
}

interface MessageState {
  json: ServiceUpdateMessage;
  lastModified: number;
}

function messageAt(message: ScenarioMessage, moment: Moment): MessageState {
  const iso = (offset: number) => graphDate(timeAt(moment, offset));
  let current = { ...message, lastModified: message.at };
  for (const update of message.updates.filter((u) => u.at <= moment.offset)) {
    current = {
      ...current,
      title: update.title ?? current.title,
      body: update.body ?? current.body,
      tags: update.tags ?? current.tags,
      severity: update.severity ?? current.severity,
      endDateTime: update.endDateTime ?? current.endDateTime,
      actionRequiredByDateTime:
        update.actionRequiredByDateTime === undefined
          ? current.actionRequiredByDateTime
          : update.actionRequiredByDateTime,
      lastModified: update.at,
    };
  }
  const json: ServiceUpdateMessage = {
    startDateTime: iso(current.startDateTime),
    endDateTime: iso(current.endDateTime),
    lastModifiedDateTime: iso(current.lastModified),
    title: current.title,
    id: current.id,
    category: current.category,
    severity: current.severity,
    tags: current.tags,
    isMajorChange: current.isMajorChange,
    actionRequiredByDateTime:
      current.actionRequiredByDateTime === null ? null : iso(current.actionRequiredByDateTime),
    services: current.services,
    expiryDateTime: current.expiryDateTime === null ? null : iso(current.expiryDateTime),
    hasAttachments: current.hasAttachments,
    viewPoint: null,
    details: current.details,
    body: { contentType: 'html', content: renderText(current.body, moment.originMs) },
  };
  return { json, lastModified: current.lastModified };
}

function worstStatus(open: IssueState[]): string {
  let worst: IssueState | undefined;
  for (const state of open) {
    const rank = SEVERITY.get(lower(state.json.status)) ?? 0;
    if (!worst || rank >= (SEVERITY.get(lower(worst.json.status)) ?? 0)) worst = state;
  }
  return worst?.json.status ?? 'serviceOperational';
}

function listedBy(names: string[] | undefined, tenant: ScenarioTenant): boolean {
  return names === undefined || names.includes(tenant.name);
}

function lower(text: string): string {
  return text.toLowerCase();
}

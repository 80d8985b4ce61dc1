import type { HealthLevel, IncidentClassification } from '#domain';
import type { NotificationEvent } from '#persistence';

/** An incident as a message shows it: its state when the change committed. */
export interface IncidentState {
  id: string;
  reference: string;
  title: string;
  serviceId: string | null;
  serviceName: string | null;
  classification: IncidentClassification;
  status: string;
  level: HealthLevel;
  isResolved: boolean;
  provisional: boolean;
  startedAt: string | null;
  endedAt: string | null;
  tenantIds: string[];
}

export interface UpdateState {
  id: string;
  channel: string;
  postedAt: string;
  text: string;
}

export interface IncidentPayload {
  kind: 'incident';
  incident: IncidentState;
  /** The newest post on the incident's timeline, if any. */
  update: UpdateState | null;
  /** Set when the change waits for its rule's advisory digest: the period it goes out with. */
  digest?: DigestMark;
}

export interface DigestMark {
  ruleId: string;
  periodStart: string;
  periodEnd: string;
}

/** A rule's advisories of one period, as one message: each advisory once, in its newest state. */
export interface AdvisoryDigestPayload {
  kind: 'advisoryDigest';
  ruleId: string;
  periodStart: string;
  periodEnd: string;
  advisories: Array<{ incident: IncidentState; update: UpdateState | null; events: NotificationEvent[] }>;
}

export interface StatusState {
  level: HealthLevel;
  status: string;
}

/** A service's status as a message tells it, in either view. */
interface StatusFields {
  serviceId: string;
  serviceName: string;
  level: HealthLevel;
  status: string;
  channel: string;
  changedAt: string;
}

export interface ServiceStatusPayload extends StatusFields {
  kind: 'serviceStatus';
  tenantId: string;
  /** What the target was last told (or the status before the change): a flap back to it says nothing. */
  previous: StatusState | null;
}

/** A service's status in the global view (a Beacon without Graph tenants: the fallback channels' word). */
export interface GlobalStatusPayload extends StatusFields {
  kind: 'globalStatus';
  previous: StatusState;
}

/** A tenant's degraded mode (its Graph not fresh) began or ended. */
export interface DegradedModePayload {
  kind: 'degradedMode';
  tenantId: string;
  /** True: entered; false: left. */
  entered: boolean;
  /** When Graph stopped being fresh: its last success plus GRAPH_STALE_SECONDS (the episode's identity). */
  since: string;
  lastGraphSuccessAt: string;
  /** When Beacon saw the transition. */
  detectedAt: string;
}

/** A source down for longer than a rule's sourceDownMinutes, or back up after that. */
export interface SourceHealthPayload {
  kind: 'sourceHealth';
  sourceId: number;
  channel: string;
  tenantId: string | null;
  /** True: down; false: back up. */
  down: boolean;
  /** When it went down (the attempt that made it DOWN; the episode's identity). */
  downSince: string;
  lastError: string | null;
  lastSuccessAt: string | null;
  detectedAt: string;
}

/** Sent by the "send a test" action. */
export interface TestPayload {
  kind: 'test';
  requestedAt: string;
}

export type NotificationPayload =
  | IncidentPayload
  | ServiceStatusPayload
  | GlobalStatusPayload
  | DegradedModePayload
  | SourceHealthPayload
  | AdvisoryDigestPayload
  | TestPayload;

/** What a sender is given: one delivery, coalesced with any older ones of its incident it replaces. */
export interface OutgoingNotification {
  deliveryId: string;
  idempotencyKey: string;
  event: NotificationEvent;
  orderingKey: string;
  payload: NotificationPayload;
  /** The number of older pending deliveries of the same incident this one stands for. */
  coalesced: number;
}

import type { ScenarioFault } from '../scenario/scenario.schema.js';
import {
  CREDENTIAL_FAULTS,
  type Channel,
  type Endpoint,
  type FaultKind,
} from '../scenario/scenario.vocabulary.js';

export interface FaultedRequest {
  channel: Channel;
  endpoint: Endpoint;
  /** The scenario name of the tenant, when the request can be tied to one. */
  tenant: string | undefined;
  offset: number;
}

/** Which of the scenario's faults hits a request. The first one listed wins when several are active. */
export class FaultSchedule {
  readonly #requestsSeen = new Map<ScenarioFault, number>();

  constructor(private readonly faults: readonly ScenarioFault[]) {}

  match(request: FaultedRequest, kinds: readonly FaultKind[]): ScenarioFault | undefined {
    for (const fault of this.faults) {
      if (!kinds.includes(fault.kind) || !applies(fault, request)) continue;
      const seen = (this.#requestsSeen.get(fault) ?? 0) + 1;
      this.#requestsSeen.set(fault, seen);
      if (seen % fault.every === 0) return fault;
    }
    return undefined;
  }

  activeAt(offset: number): ScenarioFault[] {
    return this.faults.filter((fault) => fault.from <= offset && offset < fault.until);
  }
}

function applies(fault: ScenarioFault, request: FaultedRequest): boolean {
  if (fault.channel !== request.channel) return false;
  if (request.offset < fault.from || request.offset >= fault.until) return false;
  if (fault.tenants && (request.tenant === undefined || !fault.tenants.includes(request.tenant)))
    return false;
  if (fault.endpoints) return (fault.endpoints as readonly string[]).includes(request.endpoint);
  // The token endpoint belongs to Entra, not to the service that fails: a broken exchange reaches it only
  // when named, while bad credentials are refused there first of all.
  return request.endpoint !== 'token' || (CREDENTIAL_FAULTS as readonly FaultKind[]).includes(fault.kind);
}

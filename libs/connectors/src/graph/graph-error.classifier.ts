import { ConnectorError } from '../connector.error.js';
import { classifyHttpStatus } from '../shared/http-status.classifier.js';
import { graphErrorBodySchema, graphTokenErrorSchema } from './graph.schemas.js';

export interface GraphFailedAnswer {
  status: number;
  retryAfter: string | null;
  /** The body as text (possibly cut short); only codes from it reach the message, never free text. */
  body: string;
}

/** A failed Graph API answer: `Graph GET issues for tenant contoso: 403 (Authorization_RequestDenied)`. */
export function classifyGraphAnswer(answer: GraphFailedAnswer, what: string, now: number): ConnectorError {
  const code = graphErrorBodySchema.safeParse(tryJson(answer.body)).data?.error.code;
  return classifyHttpStatus({ ...answer, detail: code ? `(${safeCode(code)})` : undefined }, what, now);
}

/**
 * A failed token request: `Graph token request for tenant contoso: 401 invalid_client (AADSTS7000215)`.
 * Entra answers a wrong secret, client id or tenant with a 400 or 401: both are `authentication`.
 */
export function classifyTokenAnswer(
  answer: GraphFailedAnswer,
  tenantId: string,
  now: number,
): ConnectorError {
  const what = `Graph token request for tenant ${tenantId}`;
  const failure = graphTokenErrorSchema.safeParse(tryJson(answer.body)).data;
  const aadsts = failure?.error_description?.match(/\bAADSTS\d+\b/)?.[0];
  const detail = failure ? `${safeCode(failure.error)}${aadsts ? ` (${aadsts})` : ''}` : undefined;
  if (answer.status === 400) {
    return new ConnectorError('authentication', `${what}: 400${detail ? ` ${detail}` : ''}`, undefined, 400);
  }
  return classifyHttpStatus({ ...answer, detail }, what, now);
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** An upstream code as a message may show it: a word, not whatever text a broken server put there. */
function safeCode(code: string): string {
  return /^[\w.-]{1,80}$/.test(code) ? code : 'unreadable error code';
}

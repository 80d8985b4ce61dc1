import { ConnectorError } from '../connector.error.js';

/**
 * Whether an answer is a web page: a sign-in page or a single-page app's shell served under 200 in place
 * of the data asked for.
 */
export function isHtmlPage(text: string, contentType: string | null): boolean {
  return /\btext\/html\b/i.test(contentType ?? '') || /^\s*(<!doctype html|<html[\s>])/i.test(text);
}

/** Parses an answer's text as JSON; a web page or text that is not JSON is `malformed`. */
export function parseJsonBody(text: string, contentType: string | null, what: string): unknown {
  if (isHtmlPage(text, contentType))
    throw new ConnectorError('malformed', `${what}: an HTML page instead of JSON`);
  try {
    return JSON.parse(text);
  } catch {
    throw new ConnectorError('malformed', `${what}: invalid JSON`);
  }
}

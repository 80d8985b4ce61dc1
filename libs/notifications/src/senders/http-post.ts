import { DeliveryError } from './sender.js';

/** A `Retry-After` header in milliseconds from `now`: delay-seconds or an HTTP date; null when absent. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * POSTs a body and returns the response's text; any answer but 2xx becomes a DeliveryError. The error
 * names the host only: a webhook's URL is its credential.
 */
export async function httpPost(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<{ status: number; text: string }> {
  const host = safeHost(url);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'unreachable';
    throw new DeliveryError(`${host}: ${reason}`, null);
  }
  const text = await response.text().catch(() => '');
  if (response.ok) return { status: response.status, text };
  const status = response.status;
  const permanent = status >= 400 && status < 500 && status !== 408 && status !== 429;
  throw new DeliveryError(
    `${host} answered ${status}`,
    status,
    permanent,
    retryAfterMs(response.headers.get('retry-after')),
  );
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an invalid URL';
  }
}

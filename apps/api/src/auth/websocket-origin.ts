import type { IncomingMessage } from 'node:http';

type VerifyClient = (
  info: { origin: string; req: IncomingMessage },
  next: (accept: boolean, code?: number, message?: string) => void,
) => void;

/**
 * `ws`'s verifyClient for the GraphQL WebSocket: a browser always sends Origin, and a page elsewhere must
 * not open a connection with credentials its user's browser holds (cross-site WebSocket hijacking). The
 * page's own origin (that of the Host it connects to) and `ALLOWED_ORIGINS` are accepted; so are clients
 * that send no Origin at all (servers, scripts), which no browser page can be.
 */
export function websocketOriginCheck(allowedOrigins: readonly string[]): VerifyClient {
  return ({ origin, req }, next) => {
    if (!origin || allowedOrigins.includes(origin) || sameHost(origin, req.headers.host)) return next(true);
    next(false, 403, 'Forbidden: this origin may not open a WebSocket here (see ALLOWED_ORIGINS)');
  };
}

function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}

import type { IncomingHttpHeaders } from 'node:http';

/** Provided by the API (admin keys): who may scrape `/metrics`. */
export const METRICS_ACCESS = Symbol('METRICS_ACCESS');

export interface MetricsAccess {
  check(headers: IncomingHttpHeaders): Promise<'allowed' | 'unauthenticated' | 'forbidden'>;
}

/** 127.0.0.0/8 and ::1, also written as IPv4-mapped IPv6. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.replace(/^::ffff:/i, '');
  return plain === '::1' || plain.startsWith('127.');
}

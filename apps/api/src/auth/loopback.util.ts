import { isIPv4, isIPv6 } from 'node:net';

/** Whether `HOST` binds to this machine only: localhost, 127.0.0.0/8 or ::1 (0.0.0.0 and :: bind to all). */
export function isLoopback(host: string): boolean {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (name === 'localhost') return true;
  if (isIPv4(name)) return name.startsWith('127.');
  if (isIPv6(name)) return name === '::1' || /^::ffff:127\./.test(name);
  return false;
}

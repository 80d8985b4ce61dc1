import { isLoopback } from './loopback.util.js';

describe(isLoopback.name, () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1'])(
    'counts %s as this machine only',
    (host) => expect(isLoopback(host)).toBe(true),
  );

  it.each([
    '0.0.0.0',
    '::',
    '192.168.1.10',
    '10.0.0.1',
    'beacon.example.com',
    '::ffff:10.0.0.1',
    '128.0.0.1',
  ])('counts %s as reachable from elsewhere', (host) => expect(isLoopback(host)).toBe(false));
});

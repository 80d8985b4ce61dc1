import 'reflect-metadata';
import { loadConfig } from '#config';
import { startBeacon } from '#runtime';
import { pino } from 'pino';
import { ApiModule } from '../../apps/api/src/api.module.js';

/**
 * Beacon with the API only, as `npm run start:api` runs it, on the benchmark's database. Started with
 * --expose-gc: asked for its memory, it collects garbage first, so that what is reported is what the
 * connections hold, not what connecting them left to collect.
 */
const config = loadConfig({ ...process.env, STATUS_SITE_URL: '' });
const beacon = await startBeacon({ config, logger: pino({ level: 'warn' }), features: [ApiModule] });
process.send?.({ url: beacon.url });
process.on('message', (message: { type?: string }) => {
  if (message.type !== 'memory') return;
  (globalThis as { gc?: () => void }).gc?.();
  process.send?.({ memory: process.memoryUsage() });
});
process.on('disconnect', () => void beacon.close().then(() => process.exit(0)));

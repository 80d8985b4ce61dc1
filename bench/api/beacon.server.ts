import 'reflect-metadata';
import { loadConfig } from '#config';
import { startBeacon } from '#runtime';
import { pino } from 'pino';
import { ApiModule } from '../../apps/api/src/api.module.js';

/**
 * Beacon with the API only, as `npm run start:api` runs it in production, on the benchmark's database
 * (bench:api, bench:analytics, bench:live). Asked for its memory, it collects garbage first when started
 * with --expose-gc, so that what is reported is what the connections hold, not what connecting them left.
 * Asked for its CPU time, it gives process.cpuUsage() (bench:api's CPU per request).
 */
const config = loadConfig({ ...process.env, PORT: process.env.PORT ?? '4101', STATUS_SITE_URL: '' });
const beacon = await startBeacon({ config, logger: pino({ level: 'warn' }), features: [ApiModule] });
process.send?.({ url: beacon.url });
process.on('message', (message: { type?: string }) => {
  if (message.type === 'cpu') process.send?.({ cpu: process.cpuUsage() });
  if (message.type !== 'memory') return;
  (globalThis as { gc?: () => void }).gc?.();
  process.send?.({ memory: process.memoryUsage() });
});
process.on('disconnect', () => void beacon.close().then(() => process.exit(0)));

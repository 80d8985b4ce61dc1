import 'reflect-metadata';
import { loadConfig } from '#config';
import { startBeacon } from '#runtime';
import { pino } from 'pino';
import { ApiModule } from '../../apps/api/src/api.module.js';

/** Beacon with the API only, as `npm run start:api` runs it in production, on the benchmark's database. */
const config = loadConfig({ ...process.env, PORT: process.env.PORT ?? '4101', STATUS_SITE_URL: '' });
const beacon = await startBeacon({ config, logger: pino({ level: 'warn' }), features: [ApiModule] });
process.send?.({ url: beacon.url });
process.on('disconnect', () => void beacon.close().then(() => process.exit(0)));

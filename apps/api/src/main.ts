import 'reflect-metadata';
import { runBeacon } from '#runtime';
import { ApiModule } from './api.module.js';

await runBeacon('beacon-api', [ApiModule]);

import 'reflect-metadata';
import { runBeacon } from '#runtime';
import { ApiModule } from './api.module.js';

runBeacon('beacon-api', [ApiModule]);

import 'reflect-metadata';
import { runBeacon } from '#runtime';
import { IngestorModule } from './ingestor.module.js';

await runBeacon('beacon-ingestor', [IngestorModule]);

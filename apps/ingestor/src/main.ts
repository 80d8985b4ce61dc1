import 'reflect-metadata';
import { runBeacon } from '#runtime';
import { IngestorModule } from './ingestor.module.js';

runBeacon('beacon-ingestor', [IngestorModule]);

import 'reflect-metadata';
import v8 from 'node:v8';
import { runBeacon } from '#runtime';
import { IngestorModule } from './ingestor.module.js';

// Memory before a little speed: by default V8 lets the old generation grow to up to four times what is
// live before it collects, and the pollers' and the correlator's garbage is plenty (a first import of 1,000
// tenants: under 100 MB live, up to 350 MB of heap, 450 to 550 MB resident). A growth of 30% at each full
// collection keeps the heap near what is live (docs/benchmarks.md, "Scale").
v8.setFlagsFromString('--heap-growing-percent=30');

runBeacon('beacon-ingestor', [IngestorModule]);

import { keepHeapSmall } from './heap.settings.js';

keepHeapSmall();
// Loaded after the heap's settings (see there).
await import('reflect-metadata');
const { runBeacon } = await import('#runtime');
const { IngestorModule } = await import('./ingestor.module.js');

runBeacon('beacon-ingestor', [IngestorModule]);

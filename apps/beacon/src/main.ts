import { keepHeapSmall } from '../../ingestor/src/heap.settings.js';

keepHeapSmall();
// Loaded after the heap's settings (see there).
await import('reflect-metadata');
const { runBeacon } = await import('#runtime');
const { ApiModule } = await import('../../api/src/api.module.js');
const { IngestorModule } = await import('../../ingestor/src/ingestor.module.js');

/** The single-process default: the API and the ingestor together, one embedded database. */
runBeacon('beacon', [ApiModule, IngestorModule]);

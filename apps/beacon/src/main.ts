import 'reflect-metadata';
import { runBeacon } from '#runtime';
import { ApiModule } from '../../api/src/api.module.js';
import { IngestorModule } from '../../ingestor/src/ingestor.module.js';

/** The single-process default: the API and the ingestor together, one embedded database. */
runBeacon('beacon', [ApiModule, IngestorModule]);

import { createServer } from 'node:http';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { postgraphile } from 'postgraphile';

/**
 * PostGraphile 5 (Amber preset) over the same tables: its own schema, generated from the database, plus
 * `bench.search_incidents` (run.ts creates it) for the full-text search, which PostGraphile has no
 * built-in equivalent of. Production-like: no GraphiQL, no explain, no watch.
 */
const port = Number(process.env.PORT ?? 4102);
const pgl = postgraphile({
  extends: [PostGraphileAmberPreset],
  // Filtering and ordering on any column (as PostGraphile 4's ignoreIndexes), so that it can ask the same
  // questions as Beacon (e.g. unresolved incidents) rather than only those its indexes would serve.
  disablePlugins: ['PgIndexBehaviorsPlugin'],
  pgServices: [makePgService({ connectionString: process.env.DATABASE_URL, schemas: ['public', 'bench'] })],
  grafserv: { port, graphiqlOnGraphQLGET: false, graphiql: false, watch: false },
  grafast: { explain: false },
});
const serv = pgl.createServ(grafserv);
const server = createServer();
server.keepAliveTimeout = 65_000;
await serv.addTo(server);
await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
process.send?.({ url: `http://127.0.0.1:${port}` });
// Its CPU time when asked (bench:api's CPU per request; PostgreSQL's own is not in it).
process.on('message', (message: { type?: string }) => {
  if (message.type === 'cpu') process.send?.({ cpu: process.cpuUsage() });
});
process.on('disconnect', () => {
  server.close();
  void Promise.resolve(pgl.release()).then(() => process.exit(0));
});

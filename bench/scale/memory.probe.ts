import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import v8 from 'node:v8';

/**
 * Loaded into an ingestor with `--import` by bench/scale/memory.ts: every BENCH_MEMORY_EVERY_MS (5000) it
 * appends a line of JSON with the process's memory (RSS, heap, external, array buffers, each heap space)
 * and its CPU time so far to BENCH_MEMORY_LOG, and the RSS split into anonymous memory and mapped files (the binary's code); on SIGUSR2 it writes a heap snapshot beside that file.
 * With BENCH_ALLOCATIONS=1 it samples every allocation from the start, garbage included (V8's sampling heap
 * profiler, one sample every 64 KB), and on SIGUSR2 writes the profile beside that file (a .heapprofile,
 * for bench/scale/allocation-summary.js) instead of a snapshot: where the garbage is made.
 */
const log = process.env.BENCH_MEMORY_LOG as string;
const mb = (bytes: number) => Math.round(bytes / 1048576);

const sample = () => {
  const usage = process.memoryUsage();
  const cpu = process.cpuUsage();
  const spaces = Object.fromEntries(
    v8.getHeapSpaceStatistics().map((space) => [space.space_name, mb(space.space_used_size)]),
  );
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = (field: string) =>
    Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1]) / 1024);
  const line = {
    at: Date.now(),
    cpuSeconds: Math.round((cpu.user + cpu.system) / 1e5) / 10,
    rss: mb(usage.rss),
    rssAnon: kb('RssAnon'),
    rssFile: kb('RssFile'),
    heapUsed: mb(usage.heapUsed),
    heapTotal: mb(usage.heapTotal),
    external: mb(usage.external),
    arrayBuffers: mb(usage.arrayBuffers),
    spaces,
  };
  appendFileSync(log, `${JSON.stringify(line)}\n`);
};
setInterval(sample, Number(process.env.BENCH_MEMORY_EVERY_MS ?? 5000)).unref();
if (process.env.BENCH_ALLOCATIONS === '1') {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 65536,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  process.on('SIGUSR2', () => {
    void session.post('HeapProfiler.stopSampling').then(({ profile }) => {
      const file = `${log}.${Date.now()}.heapprofile`;
      writeFileSync(file, JSON.stringify(profile));
      appendFileSync(log, `${JSON.stringify({ at: Date.now(), snapshot: file })}\n`);
    });
  });
} else {
  process.on('SIGUSR2', () => {
    const file = v8.writeHeapSnapshot(`${log}.${Date.now()}.heapsnapshot`);
    appendFileSync(log, `${JSON.stringify({ at: Date.now(), snapshot: file })}\n`);
  });
}

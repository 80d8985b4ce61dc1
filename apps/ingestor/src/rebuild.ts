import 'reflect-metadata';
import { CorrelationModule, RebuildService } from '#correlation';
import { runTask } from '#runtime';

/** `npm run rebuild`: every incident, update, sighting and status derived again from the raw signals. */
await runTask('beacon-rebuild', [CorrelationModule], async (app, logger) => {
  const started = Date.now();
  const { done } = await app.get(RebuildService).rebuild(({ done, total }) => {
    const percent = total === 0 ? 100 : Math.floor((100 * done) / total);
    process.stderr.write(`rebuilding: ${done} of ${total} signals (${percent}%)\n`);
  });
  logger.info({ signals: done, seconds: (Date.now() - started) / 1000 }, 'rebuild complete');
});

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { FaultSchedule } from '../faults/fault-schedule.js';
import { receiverControlRoutes } from '../receivers/receivers.control.js';
import type { Receivers } from '../receivers/receivers.js';
import { parseOffset } from '../scenario/offset.js';
import type { Timeline } from '../timeline/timeline.js';

export interface ControlDeps {
  timeline: Timeline;
  faults: FaultSchedule;
  receivers: Receivers;
}

const seconds = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const parsed = parseOffset(value);
  if (parsed === undefined) {
    ctx.addIssue({ code: 'custom', message: 'expected seconds such as 90, "90s" or "5m"' });
    return z.NEVER;
  }
  return parsed;
});

const advanceBody = z.union([
  z.strictObject({ to: seconds }),
  z.strictObject({ by: seconds }),
  z.strictObject({ toStep: z.number().int().min(0) }),
  z.strictObject({ step: z.literal(true) }),
]);

const clockBody = z.strictObject({ running: z.boolean(), speed: z.number().positive().optional() });

/**
 * `/_simulator/…`: lets a browser test or a demo read and move the timeline over HTTP. Open to any origin,
 * since the page driving it is served by Beacon.
 */
export function controlRoutes(scope: FastifyInstance, { timeline, faults, receivers }: ControlDeps): void {
  const state = () => {
    const current = timeline.state();
    return {
      ...current,
      activeFaults: faults.activeAt(current.offset).map((fault) => ({
        ...fault,
        until: Number.isFinite(fault.until) ? fault.until : null,
      })),
    };
  };

  scope.addHook('onRequest', async (_request, reply) => {
    reply.header('access-control-allow-origin', '*');
  });
  scope.options('/*', async (_request, reply) =>
    reply
      .header('access-control-allow-methods', 'GET, POST, DELETE')
      .header('access-control-allow-headers', 'content-type')
      .code(204)
      .send(),
  );

  scope.get('/state', async () => state());

  /** Body: `{ "step": true }` (the default), `{ "to": 120 }`, `{ "by": "5m" }` or `{ "toStep": 3 }`. */
  scope.post('/advance', async (request, reply) => {
    const parsed = advanceBody.safeParse(request.body ?? { step: true });
    if (!parsed.success) return reply.code(400).send({ error: z.prettifyError(parsed.error) });
    const body = parsed.data;
    if ('to' in body) timeline.advanceTo(body.to);
    else if ('by' in body) timeline.advanceBy(body.by);
    else if ('toStep' in body) {
      if (body.toStep >= timeline.steps.length) {
        return reply
          .code(400)
          .send({ error: `no step ${body.toStep}: the scenario has ${timeline.steps.length}` });
      }
      timeline.goToStep(body.toStep);
    } else timeline.step();
    return state();
  });

  /** Body: `{ "running": true, "speed": 10 }` lets time pass on its own; `{ "running": false }` stops it. */
  scope.post('/clock', async (request, reply) => {
    const parsed = clockBody.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: z.prettifyError(parsed.error) });
    if (parsed.data.running) timeline.run(parsed.data.speed);
    else timeline.pause();
    return state();
  });

  receiverControlRoutes(scope, receivers);
}

import type { CorrelationResult, Correlator } from '#correlation';

/**
 * Runs correlator steps until the log is folded up to its horizon, as the ingestor's correlator job does
 * between polls (waiting its turn while another correlator steps); the changes of all steps together.
 */
export async function correlateAll(
  correlator: Correlator,
  now: Date,
  everyTenant = false,
): Promise<CorrelationResult> {
  const result: CorrelationResult = { incidentIds: [], serviceStatusChanges: [] };
  for (let first = true; ;) {
    const step = await correlator.step(now, everyTenant && first);
    if (!step) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      continue;
    }
    first = false;
    result.incidentIds.push(...step.incidentIds.filter((id) => !result.incidentIds.includes(id)));
    result.serviceStatusChanges.push(...step.serviceStatusChanges);
    if (!step.pending) return result;
    // Signals observed a moment ago wait for the log's horizon (see `SignalLogRepository.horizon`).
    if (step.applied === 0) await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

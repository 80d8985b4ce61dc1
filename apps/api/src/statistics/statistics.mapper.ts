import { CHANNELS } from '#domain';
import type { DaySummaryModel, DurationSummaryModel, StatisticsGroupModel } from './statistics.model.js';
import type { StatisticsRow, SummaryColumns } from '#persistence';

export function toDurationSummaryModel(summary: SummaryColumns): DurationSummaryModel {
  return { count: summary.count, p50Seconds: summary.p50, p90Seconds: summary.p90, maxSeconds: summary.max };
}

export function toDaySummaryModel(summary: SummaryColumns): DaySummaryModel {
  return { count: summary.count, p50Days: summary.p50, p90Days: summary.p90, maxDays: summary.max };
}

export function toStatisticsGroupModel(row: StatisticsRow): StatisticsGroupModel {
  return {
    key: row.total ? null : row.key,
    label: row.total ? null : row.label,
    incidentCount: row.incidentCount,
    timeToResolve: toDurationSummaryModel(row.timeToResolve),
    timeAtLevel: row.timeAtLevel.map(({ level, seconds, totalSeconds }) => ({
      level,
      seconds: toDurationSummaryModel(seconds),
      totalSeconds,
    })),
    communication: {
      firstWord: CHANNELS.map((channel) => ({ channel, incidentCount: row.firstWord[channel] })),
      graphLag: toDurationSummaryModel(row.graphLag),
      fallbackOnly: toDurationSummaryModel(row.fallbackOnly),
      neverOnGraphCount: row.neverOnGraph,
    },
    promises: {
      count: row.promises.count,
      keptCount: row.promises.kept,
      lateCount: row.promises.late,
      unansweredCount: row.promises.unanswered,
      pendingCount: row.promises.pending,
      lateness: toDurationSummaryModel(row.lateness),
    },
    postIncidentReviews: {
      count: row.reviews,
      share: row.incidentCount === 0 ? 0 : row.reviews / row.incidentCount,
      daysAfterEnd: toDaySummaryModel(row.reviewDaysAfterEnd),
    },
  };
}

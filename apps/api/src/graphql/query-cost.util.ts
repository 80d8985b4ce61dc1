import type { ComplexityEstimatorArgs } from '@nestjs/graphql';

/**
 * What a query may cost before it runs (see apps/api/README.md, "Limits"): every field costs 1, and a list
 * multiplies what is selected inside it by the number of items it may hold. A page of 100 incidents with
 * their updates, sightings and services costs about 10,000.
 */
export const MAX_QUERY_COST = 25_000;
export const MAX_QUERY_DEPTH = 8;

/**
 * What a document may hold, whatever its cost (see apps/api/README.md, "Limits"): lexical tokens (checked
 * while parsing), fields once fragments are expanded, aliases, directives, and values in a list (a literal
 * or a variable). Ordinary queries, the status page's included, stay far below each.
 */
export const DOCUMENT_LIMITS = {
  tokens: 5_000,
  fields: 2_000,
  aliases: 50,
  directives: 50,
  listValues: 100,
} as const;

/** Pages hold `first` items (20 by default, at most 100). */
export const PAGE_SIZE = { default: 20, max: 100 } as const;

/** Typical sizes of the lists that have no `first`: an estimate, not a limit. */
export const LIST_SIZE = {
  services: 50,
  sources: 10,
  updates: 10,
  sightings: 3,
  ids: 1,
  activeIncidents: 5,
} as const;

/** The cost of a paginated list: what one item costs, times the items the page may hold. */
export function pageCost({ args, childComplexity }: ComplexityEstimatorArgs): number {
  const first = typeof args.first === 'number' ? args.first : PAGE_SIZE.default;
  return Math.max(1, Math.min(first, PAGE_SIZE.max)) * childComplexity + 1;
}

/** The cost of a list without `first`, from its typical size. */
export function listCost(size: number) {
  return ({ childComplexity }: ComplexityEstimatorArgs): number => size * childComplexity + 1;
}

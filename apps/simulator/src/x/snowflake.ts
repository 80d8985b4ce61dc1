/** X's epoch (2010-11-04T01:42:54.657Z), the zero of its snowflake ids. */
const X_EPOCH_MS = 1_288_834_974_657n;

/**
 * An X post id: milliseconds since X's epoch in the high bits, so ids grow with time and `since_id` works,
 * as it does on X, by comparing ids.
 */
export function snowflakeId(ms: number, sequence: number): string {
  return ((BigInt(Math.floor(ms)) - X_EPOCH_MS) * 4_194_304n + BigInt(sequence % 4096)).toString();
}

/** The signal one request runs under: it aborts with the poll, or when the request takes too long. */
export function requestSignal(pollSignal: AbortSignal, timeoutMs: number): AbortSignal {
  return AbortSignal.any([pollSignal, AbortSignal.timeout(timeoutMs)]);
}

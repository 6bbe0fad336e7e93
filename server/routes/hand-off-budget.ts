/**
 * The time one webhook request has for handing its events to Temporal. A sender's timeout covers
 * the whole request, not each event in it, so the budget is fixed when the request arrives and
 * every Temporal call gets what is left of it rather than a fresh allowance.
 */
import { performance } from 'node:perf_hooks';

/**
 * The least one call is given once the budget is spent: a quick Temporal can still take the event
 * in time, and a slow one fails the call with the gateway's error, a 503 the sender retries
 * (safe, since every event has an idempotency key).
 */
export const MIN_CALL_MS = 100;

/** What is left of a request's hand-off budget. */
export type HandOffBudget = () => number | undefined;

/**
 * Starts the budget now: the returned function gives the milliseconds left, at least
 * `MIN_CALL_MS`; undefined throughout when `totalMs` is undefined (no sender limit, so each
 * call keeps the gateway's own deadline).
 */
export function startHandOffBudget(totalMs: number | undefined): HandOffBudget {
  if (totalMs === undefined) return () => undefined;
  // Monotonic: the request clock may be pinned or skipped in tests, and wall time can jump.
  const deadline = performance.now() + totalMs;

  return () => Math.max(Math.floor(deadline - performance.now()), MIN_CALL_MS);
}

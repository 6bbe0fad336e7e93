/**
 * Latency samples of one benchmark arm and the few numbers we report about them. Percentiles use
 * the nearest-rank method, so every reported value is a latency that was actually observed.
 */
import { performance } from 'node:perf_hooks';

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
}

/** Runs `call` once and returns how long it took in milliseconds. */
export async function timeCall(call: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await call();

  return performance.now() - start;
}

/** The smallest sample that at least `percent` % of the samples do not exceed. */
export function percentile(samples: readonly number[], percent: number): number {
  if (samples.length === 0) throw new Error('No samples to take a percentile of');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((percent / 100) * sorted.length));

  return sorted[rank - 1] as number;
}

export function summarize(samples: readonly number[]): LatencySummary {
  const total = samples.reduce((sum, value) => sum + value, 0);

  return {
    count: samples.length,
    p50Ms: round(percentile(samples, 50)),
    p99Ms: round(percentile(samples, 99)),
    meanMs: round(total / samples.length),
    maxMs: round(Math.max(...samples)),
  };
}

/** Two decimals: a hundredth of a millisecond is finer than anything this benchmark resolves. */
export function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * Latency samples of one benchmark arm and the few numbers we report about them. Percentiles use
 * the nearest-rank method, so every reported value is a latency that was actually observed.
 */
import { performance } from 'node:perf_hooks';

export interface Comparison {
  subject: LatencySummary;
  baseline: LatencySummary;
  p50Ratio: number;
  p99Ratio: number;
  /** Where the p99 ratio would likely fall if the run were repeated (see `ratioInterval`). */
  p99RatioInterval95: [number, number];
}

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

  return sorted[rankIndex(sorted.length, percent)] as number;
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

/** How `subject` compares with `baseline` at the median and at p99. */
export function compare(subject: readonly number[], baseline: readonly number[]): Comparison {
  const summaries = { subject: summarize(subject), baseline: summarize(baseline) };

  return {
    ...summaries,
    p50Ratio: round(summaries.subject.p50Ms / summaries.baseline.p50Ms),
    p99Ratio: round(summaries.subject.p99Ms / summaries.baseline.p99Ms),
    p99RatioInterval95: ratioInterval(subject, baseline, 99),
  };
}

/**
 * A 95 % interval for `percentile(a) / percentile(b)`, by resampling both arms with replacement.
 * A p99 of a few hundred samples rests on its few largest values, so one ratio can land on either
 * side of a target by chance; the interval shows how far it may move.
 */
export function ratioInterval(
  a: readonly number[],
  b: readonly number[],
  percent: number,
  resamples = 1_000,
): [number, number] {
  const ratios: number[] = [];
  for (let i = 0; i < resamples; i++) {
    ratios.push(resampledPercentile(a, percent) / resampledPercentile(b, percent));
  }

  return [round(percentile(ratios, 2.5)), round(percentile(ratios, 97.5))];
}

/** The percentile of a same-sized draw with replacement; typed arrays sort numerically and fast. */
function resampledPercentile(samples: readonly number[], percent: number): number {
  const drawn = new Float64Array(samples.length);
  for (let i = 0; i < drawn.length; i++) {
    drawn[i] = samples[Math.floor(Math.random() * samples.length)] as number;
  }
  drawn.sort();

  return drawn[rankIndex(drawn.length, percent)] as number;
}

function rankIndex(length: number, percent: number): number {
  return Math.max(1, Math.ceil((percent / 100) * length)) - 1;
}

/** Two decimals: a hundredth of a millisecond is finer than anything this benchmark resolves. */
export function round(value: number): number {
  return Math.round(value * 100) / 100;
}

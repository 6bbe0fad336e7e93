import type { OktaFaults } from './types';

const RATES = ['errorRate', 'dropRate', 'hookDuplicateRate', 'hookReorderRate'] as const;
const DELAYS = ['latencyMs', 'hookDelayMs'] as const;
const KNOWN = new Set<string>([...RATES, ...DELAYS, 'rateLimitBurst']);

/** Checks a faults object from a test or the admin endpoint; throws naming the offending key. */
export function parseFaults(input: unknown): OktaFaults {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new Error('faults must be a JSON object');
  }
  const record = input as Record<string, unknown>;
  const unknownKey = Object.keys(record).find((key) => !KNOWN.has(key));
  if (unknownKey !== undefined) throw new Error(`unknown fault ${unknownKey}`);

  for (const key of RATES) {
    const value = record[key];
    if (value !== undefined && !(typeof value === 'number' && value >= 0 && value <= 1)) {
      throw new Error(`${key} must be a number between 0 and 1`);
    }
  }
  const burst = record.rateLimitBurst;
  if (burst !== undefined && !(Number.isInteger(burst) && (burst as number) >= 0)) {
    throw new Error('rateLimitBurst must be a non-negative integer');
  }
  for (const key of DELAYS) {
    const value = record[key];
    if (value !== undefined && !(typeof value === 'number' && value >= 0)) {
      throw new Error(`${key} must be a non-negative number`);
    }
  }

  return { ...record } as OktaFaults;
}

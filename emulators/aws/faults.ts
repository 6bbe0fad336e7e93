export interface AwsFaults {
  /** Delay added before every AWS API answer. */
  latencyMs?: number;
  /** Share of AWS API calls answered InternalServerException 500. */
  errorRate?: number;
  /** Share of Create/DeleteAccountAssignment calls answered ConflictException. */
  conflictRate?: number;
  /** The next N assignment operations end FAILED instead of SUCCEEDED. */
  failNextAssignments?: number;
  failureReason?: string;
  /** The next N AWS API calls are answered ThrottlingException. */
  throttleBurst?: number;
  /** Share of AWS API connections destroyed without an answer. */
  dropRate?: number;
}

export const DEFAULT_FAILURE_REASON = 'An unexpected internal service exception was encountered';

const RATES = ['errorRate', 'conflictRate', 'dropRate'] as const;
const COUNTS = ['failNextAssignments', 'throttleBurst'] as const;
const KNOWN_KEYS = new Set<string>([...RATES, ...COUNTS, 'latencyMs', 'failureReason']);

/** Checks a faults object from a test or the admin endpoint; throws with the offending key. */
export function parseFaults(input: unknown): AwsFaults {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new Error('faults must be a JSON object');
  }
  const record = input as Record<string, unknown>;
  const unknownKey = Object.keys(record).find((key) => !KNOWN_KEYS.has(key));
  if (unknownKey !== undefined) {
    throw new Error(`unknown fault ${unknownKey}`);
  }

  for (const key of RATES) {
    const value = record[key];
    if (value !== undefined && !(typeof value === 'number' && value >= 0 && value <= 1)) {
      throw new Error(`${key} must be a number between 0 and 1`);
    }
  }
  for (const key of COUNTS) {
    const value = record[key];
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 0)) {
      throw new Error(`${key} must be a non-negative integer`);
    }
  }
  const latency = record.latencyMs;
  if (latency !== undefined && !(typeof latency === 'number' && latency >= 0)) {
    throw new Error('latencyMs must be a non-negative number');
  }
  if (record.failureReason !== undefined && typeof record.failureReason !== 'string') {
    throw new Error('failureReason must be a string');
  }

  return { ...record } as AwsFaults;
}

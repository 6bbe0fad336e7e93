/**
 * The faults the small HR API emulators share: checking what a test or an admin sends, and
 * counting down the bursts that answer the next API requests. Imports nothing of the product.
 */

/** The faults the HR emulators know; `throttleStatus` only where the rules allow it. */
export interface Faults {
  latencyMs?: number;
  throttleBurst?: number;
  throttleStatus?: 429 | 503;
  retryAfterSeconds?: number;
  serverErrorBurst?: number;
}

export interface FaultRules {
  /** Whether a test may choose the throttled answers' status, 429 or 503. */
  throttleStatus: boolean;
  /**
   * How much of an unknown key the refusal repeats; 64 unless said. The BambooHR emulator has
   * always repeated it whole.
   */
  unknownKeyShown?: number;
}

const FAULT_COUNTS = ['latencyMs', 'throttleBurst', 'retryAfterSeconds', 'serverErrorBurst'];

/** Checks a faults object from a test or the admin endpoint; throws naming the offending key. */
export function checkFaults(input: unknown, rules: FaultRules): Faults {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new Error('faults must be a JSON object');
  }
  const record = input as Record<string, unknown>;
  const known = (key: string) =>
    FAULT_COUNTS.includes(key) || (rules.throttleStatus && key === 'throttleStatus');
  const unknownKey = Object.keys(record).find((key) => !known(key));
  if (unknownKey !== undefined) {
    throw new Error(`unknown fault ${unknownKey.slice(0, rules.unknownKeyShown ?? 64)}`);
  }

  for (const key of FAULT_COUNTS) {
    const value = record[key];
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 0)) {
      throw new Error(`${key} must be a non-negative integer`);
    }
  }
  const status = record.throttleStatus;
  if (status !== undefined && status !== 429 && status !== 503) {
    throw new Error('throttleStatus must be 429 or 503');
  }

  return { ...record } as Faults;
}

/**
 * The fault that answers the next API request, if any, its burst counted down: throttling first,
 * as at a front door, then server errors.
 */
export function takeFault(faults: Faults): 'throttle' | 'serverError' | undefined {
  if (faults.throttleBurst) {
    faults.throttleBurst -= 1;

    return 'throttle';
  }
  if (faults.serverErrorBurst) {
    faults.serverErrorBurst -= 1;

    return 'serverError';
  }

  return undefined;
}

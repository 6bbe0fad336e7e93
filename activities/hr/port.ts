/**
 * The HR reader port: for sources whose webhooks carry only ids, reads a person's current record
 * and returns it as canonical events (a snapshot), which the workflow folds like any others.
 */
import type { HrEvent } from '../../domain/hr-event';

export interface HrReader {
  /** The HR system's name, as the adapter sets it on events (`bamboohr`, `hibob`, ...). */
  source: string;
  /**
   * The person's record as events. Each event's id is a hash of what it says, so reading an
   * unchanged record twice folds to nothing. Throws `HrReadError` on failure.
   */
  read(hrId: string, readAt: string): Promise<HrEvent[]>;
}

/** A read that did not succeed: `retryable` for rate limits, 5xx and network failures. */
export class HrReadError extends Error {
  constructor(
    message: string,
    readonly code:
      'hr.unavailable' | 'hr.rate_limited' | 'hr.not_found' | 'hr.denied' | 'hr.invalid_record',
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'HrReadError';
  }
}

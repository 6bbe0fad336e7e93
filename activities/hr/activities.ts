/**
 * The HR activity: reads a person's record from the HR source that sent an id-only webhook.
 */
import { ApplicationFailure } from '@temporalio/common';

import type { HrEvent } from '../../domain/hr-event';
import { HrReadError, type HrReader } from './port';

/** Creates the HR activities over one reader per source; the worker passes the real ones. */
export function createHrActivities(readers: HrReader[]) {
  const bySource = new Map(readers.map((reader) => [reader.source, reader]));

  /**
   * The person's record as canonical events, read now. Reads only; a second run reads again and
   * returns the same events (same ids) if nothing changed.
   */
  async function readHrRecord(input: {
    source: string;
    hrId: string;
    readAt: string;
  }): Promise<HrEvent[]> {
    const reader = bySource.get(input.source);
    if (!reader) {
      throw ApplicationFailure.nonRetryable(
        `No HR reader is configured for source "${input.source}"`,
        'hr.no_reader',
      );
    }
    try {
      return await reader.read(input.hrId, input.readAt);
    } catch (error) {
      if (!(error instanceof HrReadError)) throw error;
      throw ApplicationFailure.create({
        type: error.code,
        message: `readHrRecord: ${error.message}`,
        nonRetryable: !error.retryable,
        ...(error.retryAfterMs !== undefined ? { nextRetryDelay: error.retryAfterMs } : {}),
      });
    }
  }

  return { readHrRecord };
}

export type HrActivities = ReturnType<typeof createHrActivities>;

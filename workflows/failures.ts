/** How a workflow reports a failed step in its status: which activity, which failure type, why. */
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';

import type { LastError } from './definitions';

/** The failure as the status shows it; `fallbackStep` names the step when no activity failed. */
export function describeFailure(error: unknown, fallbackStep: string): LastError {
  const failure = error instanceof ActivityFailure ? error.cause : error;

  return {
    step: error instanceof ActivityFailure ? error.activityType : fallbackStep,
    type: failure instanceof ApplicationFailure ? (failure.type ?? 'unknown') : 'unknown',
    message: failure instanceof Error ? failure.message : String(failure),
    at: new Date().toISOString(),
  };
}

/**
 * Classifies every Okta outcome once, at the activity boundary, into a typed Temporal failure:
 * retryable (rate limit, 5xx, network) or final (validation, permission, not found).
 */
import { ApplicationFailure } from '@temporalio/common';

import { OktaCallError } from './port';

/** Failure types a workflow may see from Okta activities; `area.reason` codes. */
export const OktaFailure = {
  rateLimited: 'okta.rate_limited',
  unavailable: 'okta.unavailable',
  invalidRequest: 'okta.invalid_request',
  permissionDenied: 'okta.permission_denied',
  notFound: 'okta.not_found',
  loginConflict: 'okta.login_conflict',
  ownedByAnother: 'okta.owned_by_another',
  ambiguousEmployee: 'okta.ambiguous_employee_number',
  groupMissing: 'okta.group_missing',
} as const;

/** Rethrows `error` as the Temporal failure that says whether and when to try again. */
export function toOktaFailure(error: unknown, step: string): ApplicationFailure {
  if (error instanceof ApplicationFailure) return error;
  if (!(error instanceof OktaCallError)) {
    return ApplicationFailure.create({
      type: OktaFailure.unavailable,
      message: `${step}: ${error instanceof Error ? error.message : String(error)}`,
    });
  }

  const { status, errorCode } = error;
  const message = `${step}: ${error.message}`;
  const details = [{ status, errorCode }];
  if (status === 429) {
    return ApplicationFailure.create({
      type: OktaFailure.rateLimited,
      message,
      details,
      ...(error.retryAfterMs !== undefined ? { nextRetryDelay: error.retryAfterMs } : {}),
    });
  }
  if (status === undefined || status >= 500) {
    return ApplicationFailure.create({ type: OktaFailure.unavailable, message, details });
  }
  const type =
    status === 401 || status === 403
      ? OktaFailure.permissionDenied
      : status === 404
        ? OktaFailure.notFound
        : OktaFailure.invalidRequest;

  return ApplicationFailure.create({ type, message, details, nonRetryable: true });
}

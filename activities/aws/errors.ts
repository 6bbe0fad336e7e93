/**
 * Classifies every AWS outcome once, at the activity boundary: throttling, conflicts (an earlier
 * write still propagating), 5xx and network errors are retryable; the rest are final.
 */
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';

import { AwsCallError, PermissionSetNotFoundError } from './port';

export const AwsFailure = {
  throttled: 'aws.throttled',
  conflict: 'aws.conflict',
  unavailable: 'aws.unavailable',
  accessDenied: 'aws.access_denied',
  invalidRequest: 'aws.invalid_request',
  notFound: 'aws.not_found',
  permissionSetNotFound: 'aws.permission_set_not_found',
  userNotSynced: 'aws.user_not_synced',
  assignmentFailed: 'aws.assignment_failed',
} as const;

const RETRYABLE: Record<string, string> = {
  ThrottlingException: AwsFailure.throttled,
  TooManyRequestsException: AwsFailure.throttled,
  ConflictException: AwsFailure.conflict,
  InternalServerException: AwsFailure.unavailable,
  ServiceUnavailableException: AwsFailure.unavailable,
  NetworkError: AwsFailure.unavailable,
};

const FINAL: Record<string, string> = {
  AccessDeniedException: AwsFailure.accessDenied,
  ValidationException: AwsFailure.invalidRequest,
  ResourceNotFoundException: AwsFailure.notFound,
  ServiceQuotaExceededException: AwsFailure.invalidRequest,
};

/** Turns `error` into the Temporal failure that says whether and when to try again. */
export function toAwsFailure(error: unknown, step: string): ApplicationFailure | CancelledFailure {
  // Cancellation (a worker shutting down, a cancelled workflow) must reach the SDK as it is.
  if (error instanceof ApplicationFailure || error instanceof CancelledFailure) return error;
  if (error instanceof PermissionSetNotFoundError) {
    return ApplicationFailure.create({
      type: AwsFailure.permissionSetNotFound,
      message: `${step}: ${error.message}`,
      nonRetryable: true,
    });
  }
  if (!(error instanceof AwsCallError)) {
    return ApplicationFailure.create({
      type: AwsFailure.unavailable,
      message: `${step}: ${error instanceof Error ? error.message : String(error)}`,
    });
  }

  const message = `${step}: ${error.message}`;
  const details = [{ errorName: error.errorName, httpStatus: error.httpStatus }];
  const retryable =
    RETRYABLE[error.errorName] ??
    (error.httpStatus === 429 || (error.httpStatus ?? 0) >= 500
      ? AwsFailure.unavailable
      : undefined);
  if (retryable) {
    return ApplicationFailure.create({
      type: retryable,
      message,
      details,
      ...(error.retryAfterMs !== undefined ? { nextRetryDelay: error.retryAfterMs } : {}),
    });
  }

  return ApplicationFailure.create({
    type: FINAL[error.errorName] ?? AwsFailure.invalidRequest,
    message,
    details,
    nonRetryable: true,
  });
}

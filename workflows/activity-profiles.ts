/**
 * Timeouts and retry settings for each kind of activity, in one place, each non-default value with
 * its reason. Task queue names come from the workflow's input so deployments can rename them.
 */
import type { ActivityOptions } from '@temporalio/workflow';

/** The plan step is pure CPU work; anything slower than this is a stuck worker. */
export const PLAN_PROFILE: ActivityOptions = {
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 5 },
};

/**
 * Okta calls: short per attempt; retried for up to an hour because 429s and outages pass, and a
 * 429's reset time replaces the backoff for the next attempt.
 */
export const OKTA_PROFILE: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '1 hour',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
};

/**
 * SCIM provisioning from Okta to AWS usually lands within a minute or two; ten attempts with this
 * backoff wait about five minutes before reporting `aws.user_not_synced`.
 */
export const AWS_USER_PROFILE: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 10,
  },
};

/**
 * Assignment operations poll an asynchronous AWS request: a long overall limit, a heartbeat so a
 * dead worker is noticed within 30 s, and retries for conflicts and throttling.
 */
export const AWS_ASSIGNMENT_PROFILE: ActivityOptions = {
  startToCloseTimeout: '15 minutes',
  heartbeatTimeout: '30 seconds',
  scheduleToCloseTimeout: '1 hour',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
};

/**
 * HR APIs: reads only, so retried freely for an hour; HR systems' rate limits are low (BambooHR
 * and HiBob answer 429 or 503 under load) and a rate limit's reset time replaces the backoff.
 */
export const HR_READ_PROFILE: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '1 hour',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes' },
};

/** After a final error, converge again by itself this long after, in case the cause was fixed. */
export const RETRY_AFTER_FAILURE_MS = 15 * 60 * 1000;

/** Continue as new well before Temporal's history limits, even if the server has not suggested it. */
export const HISTORY_EVENT_BUDGET = 5_000;

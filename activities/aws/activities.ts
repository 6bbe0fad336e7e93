/**
 * AWS IAM Identity Center activities: find the user Okta's SCIM provisioning created, and create
 * or delete one account assignment, confirmed by polling its asynchronous status.
 */
import { ApplicationFailure } from '@temporalio/common';
import { Context, log, sleep } from '@temporalio/activity';

import type { AwsGrant } from '../../domain/target-state';
import { AwsFailure, toAwsFailure } from './errors';
import type { AssignmentKey, AssignmentOperation, IdentityCenter, OperationStatus } from './port';

export interface ApplyAwsAssignmentInput {
  operation: AssignmentOperation;
  principalId: string;
  grant: AwsGrant;
}

export interface AwsActivityOptions {
  /** Time between status polls of an assignment operation. */
  pollIntervalMs: number;
}

/** What a polling attempt records, so that a retry after a crash polls the same request. */
interface PollProgress {
  requestId: string;
}

/** Creates the AWS activities over an Identity Center port; the worker passes the SDK one. */
export function createAwsActivities(center: IdentityCenter, options: AwsActivityOptions) {
  /**
   * The identity-store user id for the Okta login. While SCIM has not pushed the user yet it
   * fails retryably with `aws.user_not_synced`; the workflow's retry policy bounds the wait.
   */
  async function findAwsUser(input: { userName: string }): Promise<string> {
    let userId: string | undefined;
    try {
      userId = await center.findUserId(input.userName);
    } catch (error) {
      throw toAwsFailure(error, 'findAwsUser');
    }
    if (!userId) {
      throw ApplicationFailure.retryable(
        'The user is not in the IAM Identity Center identity store yet (waiting for SCIM sync from Okta)',
        AwsFailure.userNotSynced,
      );
    }

    return userId;
  }

  /**
   * The identity-store user id for a login, or null when the store has no such user: for a
   * leaver there is then nothing to take away, so unlike `findAwsUser` it does not wait. Reads only.
   */
  async function lookUpAwsUser(input: { userName: string }): Promise<string | null> {
    try {
      return (await center.findUserId(input.userName)) ?? null;
    } catch (error) {
      throw toAwsFailure(error, 'lookUpAwsUser');
    }
  }

  /**
   * Every account assignment the user holds directly, whoever granted it, as grants naming the
   * permission set by ARN. Reads only.
   */
  async function listAllAwsAssignments(input: { principalId: string }): Promise<AwsGrant[]> {
    try {
      const keys = await center.listUserAssignments(input.principalId);

      return keys.map((key) => ({ accountId: key.accountId, permissionSet: key.permissionSetArn }));
    } catch (error) {
      throw toAwsFailure(error, 'listAllAwsAssignments');
    }
  }

  /** Which of `candidates` the principal holds now. Reads only. */
  async function listAwsAssignments(input: {
    principalId: string;
    candidates: AwsGrant[];
  }): Promise<AwsGrant[]> {
    try {
      const held: AwsGrant[] = [];
      for (const grant of input.candidates) {
        const key = await keyFor(input.principalId, grant);
        if (await center.hasAssignment(key)) held.push(grant);
      }

      return held;
    } catch (error) {
      throw toAwsFailure(error, 'listAwsAssignments');
    }
  }

  /**
   * Creates or deletes one account assignment and returns once AWS reports SUCCEEDED. If the
   * assignment is already as wanted it does nothing; after a worker crash the retry resumes
   * polling the request recorded in the last heartbeat instead of starting another. FAILED is a
   * final `aws.assignment_failed` carrying AWS's reason.
   */
  async function applyAwsAssignment(input: ApplyAwsAssignmentInput): Promise<OperationStatus> {
    const context = Context.current();
    try {
      const key = await keyFor(input.principalId, input.grant);
      const resumed = context.info.heartbeatDetails as PollProgress | undefined;
      let status: OperationStatus;
      if (resumed?.requestId) {
        status = await center.describeOperation(input.operation, resumed.requestId);
        log.info('aws assignment polling resumed', { requestId: resumed.requestId });
      } else {
        const exists = await center.hasAssignment(key);
        if (exists === (input.operation === 'create'))
          return { requestId: '', status: 'SUCCEEDED' };
        status = await center.startOperation(input.operation, key);
        log.info('aws assignment operation started', {
          operation: input.operation,
          requestId: status.requestId,
        });
      }

      while (status.status === 'IN_PROGRESS') {
        context.heartbeat({ requestId: status.requestId } satisfies PollProgress);
        await sleep(options.pollIntervalMs);
        status = await center.describeOperation(input.operation, status.requestId);
      }
      if (status.status === 'FAILED') {
        throw ApplicationFailure.nonRetryable(
          `AWS reported the ${input.operation} of ${input.grant.permissionSet} on account ` +
            `${input.grant.accountId} FAILED: ${status.failureReason ?? 'no reason given'}`,
          AwsFailure.assignmentFailed,
          { requestId: status.requestId, failureReason: status.failureReason },
        );
      }
      log.info('aws assignment operation succeeded', { requestId: status.requestId });

      return status;
    } catch (error) {
      throw toAwsFailure(error, 'applyAwsAssignment');
    }
  }

  async function keyFor(principalId: string, grant: AwsGrant): Promise<AssignmentKey> {
    const permissionSetArn = await center.resolvePermissionSetArn(grant.permissionSet);

    return { accountId: grant.accountId, permissionSetArn, principalId };
  }

  return {
    findAwsUser,
    lookUpAwsUser,
    listAwsAssignments,
    listAllAwsAssignments,
    applyAwsAssignment,
  };
}

export type AwsActivities = ReturnType<typeof createAwsActivities>;

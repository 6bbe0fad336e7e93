/**
 * The assignment benchmark's only workflow: the AWS half of `personLifecycle` cut down to one
 * grant, with the product's activity profiles, on the AWS task queue. By default it runs
 * `applyAwsAssignment` alone; with `lookUpFirst` it first finds the user and lists what it holds,
 * as `convergeAws` does. The bench bundles this file, so it must stay free of Node and SDK imports.
 */
import { proxyActivities } from '@temporalio/workflow';

import type { AwsActivities } from '../activities/aws/activities';
import type { OperationStatus } from '../activities/aws/port';
import type { AwsGrant } from '../domain/target-state';
import { AWS_ASSIGNMENT_PROFILE, AWS_USER_PROFILE } from '../workflows/activity-profiles';

export interface BenchAssignmentInput {
  principalId: string;
  userName: string;
  grant: AwsGrant;
  awsTaskQueue: string;
  lookUpFirst: boolean;
}

/** Creates one account assignment for the user and returns AWS's final operation status. */
export async function createBenchAssignment(input: BenchAssignmentInput): Promise<OperationStatus> {
  const { grant, awsTaskQueue: taskQueue } = input;
  const aws = proxyActivities<AwsActivities>({ ...AWS_ASSIGNMENT_PROFILE, taskQueue });
  if (!input.lookUpFirst) {
    return aws.applyAwsAssignment({ operation: 'create', principalId: input.principalId, grant });
  }

  const awsUser = proxyActivities<AwsActivities>({ ...AWS_USER_PROFILE, taskQueue });
  const principalId = await awsUser.findAwsUser({ userName: input.userName });
  const held = await aws.listAwsAssignments({ principalId, candidates: [grant] });
  if (held.length > 0) return { requestId: '', status: 'SUCCEEDED' };

  return aws.applyAwsAssignment({ operation: 'create', principalId, grant });
}

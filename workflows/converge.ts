/**
 * The person workflow's convergence step: the activities it calls, and how it drives Okta and then
 * AWS to the plan's target. Workflow code: it runs inside the person workflow, deterministically.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  patched,
  proxyActivities,
} from '@temporalio/workflow';

import type { AwsActivities } from '../activities/aws/activities';
import type { HrActivities } from '../activities/hr/activities';
import type { OktaActivities } from '../activities/okta/activities';
import type { PolicyActivities } from '../activities/policy/activities';
import { grantKey, type AwsGrant, type Plan } from '../domain/target-state';
import {
  AWS_ASSIGNMENT_PROFILE,
  AWS_USER_PROFILE,
  HR_READ_PROFILE,
  OKTA_PROFILE,
  PLAN_PROFILE,
} from './activity-profiles';
import type { PersonState } from './definitions';
import type { TaskQueues } from './task-queues';

/** Patch marker: a terminated person loses every direct AWS assignment, managed or not. */
const LEAVER_REMOVES_EVERY_ASSIGNMENT = 'leaver-removes-every-assignment';

/**
 * The activity stubs for one set of task queues. Stubs are proxies, so each one is picked by name
 * (spreading a proxy would copy nothing).
 */
export function activitiesFor(queues: TaskQueues) {
  const policy = proxyActivities<PolicyActivities>({ ...PLAN_PROFILE, taskQueue: queues.people });
  const okta = proxyActivities<OktaActivities>({ ...OKTA_PROFILE, taskQueue: queues.okta });
  const awsUser = proxyActivities<AwsActivities>({ ...AWS_USER_PROFILE, taskQueue: queues.aws });
  const aws = proxyActivities<AwsActivities>({ ...AWS_ASSIGNMENT_PROFILE, taskQueue: queues.aws });
  const hr = proxyActivities<HrActivities>({ ...HR_READ_PROFILE, taskQueue: queues.hr });

  return {
    planPerson: policy.planPerson,
    ensureOktaUser: okta.ensureOktaUser,
    ensureOktaGroups: okta.ensureOktaGroups,
    findAwsUser: awsUser.findAwsUser,
    listAwsAssignments: aws.listAwsAssignments,
    listAllAwsAssignments: aws.listAllAwsAssignments,
    applyAwsAssignment: aws.applyAwsAssignment,
    readHrRecord: hr.readHrRecord,
  };
}

export type Activities = ReturnType<typeof activitiesFor>;

/** Okta first (the user must exist before SCIM can push it), then AWS through that user. */
export async function converge(acts: Activities, state: PersonState, plan: Plan): Promise<void> {
  const { ensureOktaUser, ensureOktaGroups } = acts;
  const { okta, aws } = plan.target;
  const { actual } = state;

  if (okta.status === 'UNMANAGED') return;

  // A rehire starts from the current policy alone: groups kept through the deactivation go.
  if (actual.oktaStatus === 'DEPROVISIONED' && okta.status === 'ACTIVE')
    actual.groupResetPending = true;
  const user = await ensureOktaUser({
    hrId: state.record.hrId,
    owner: `${state.record.source}:${state.record.hrId}`,
    ...(actual.oktaUserId ? { knownUserId: actual.oktaUserId } : {}),
    status: okta.status,
    profile: okta.profile,
  });
  actual.oktaUserId = user.userId;
  actual.oktaStatus = user.status;
  if (!user.userId) {
    actual.oktaGroups = [];
  } else if (okta.status !== 'ABSENT') {
    actual.oktaGroups = await ensureOktaGroups({
      userId: user.userId,
      groups: okta.groups,
      managedGroups: okta.managedGroups,
      createMissingGroups: okta.createMissingGroups,
      exclusive: actual.groupResetPending === true,
    });
    delete actual.groupResetPending;
  }

  const mustHold = aws.assignments.length > 0;
  const mayHold = actual.awsAssignments.length > 0 || actual.awsUserId !== undefined;
  if (!user.login || (!mustHold && !mayHold)) return;

  try {
    await convergeAws(acts, state, plan, user.login);
  } catch (error) {
    // The identity store may have recreated the user (SCIM re-push, a reset): look it up again once.
    if (!isFailureOfType(error, 'aws.not_found') || actual.awsUserId === undefined) throw error;
    delete actual.awsUserId;
    await convergeAws(acts, state, plan, user.login);
  }
}

async function convergeAws(acts: Activities, state: PersonState, plan: Plan, login: string) {
  const { aws } = plan.target;
  const { actual } = state;
  actual.awsUserId ??= await acts.findAwsUser({ userName: login });
  const principalId = actual.awsUserId;
  const candidates = unionGrants(aws.assignments, aws.managedAssignments);
  const held = await acts.listAwsAssignments({ principalId, candidates });

  const wanted = new Set(aws.assignments.map(grantKey));
  const heldKeys = new Set(held.map(grantKey));
  const managed = new Set(aws.managedAssignments.map(grantKey));
  const toCreate = aws.assignments.filter((g) => !heldKeys.has(grantKey(g)));
  let toDelete = held.filter((g) => !wanted.has(grantKey(g)) && managed.has(grantKey(g)));
  // A leaver keeps nothing, including what was granted by hand: nobody else will take it away.
  // Histories recorded before this rule replay without the extra read.
  if (plan.target.stage === 'terminated' && patched(LEAVER_REMOVES_EVERY_ASSIGNMENT)) {
    toDelete = await acts.listAllAwsAssignments({ principalId });
  }
  await Promise.all([
    ...toCreate.map((grant) =>
      acts.applyAwsAssignment({ operation: 'create', principalId, grant }),
    ),
    ...toDelete.map((grant) =>
      acts.applyAwsAssignment({ operation: 'delete', principalId, grant }),
    ),
  ]);
  actual.awsAssignments = aws.assignments;
}

function isFailureOfType(error: unknown, type: string): boolean {
  return (
    error instanceof ActivityFailure &&
    error.cause instanceof ApplicationFailure &&
    error.cause.type === type
  );
}

function unionGrants(a: AwsGrant[], b: AwsGrant[]): AwsGrant[] {
  const byKey = new Map<string, AwsGrant>();
  for (const grant of [...a, ...b]) byKey.set(grantKey(grant), grant);

  return [...byKey.values()];
}

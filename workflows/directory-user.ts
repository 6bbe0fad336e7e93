/**
 * The directory-user workflow: for a user whose leaving is decided in the directory (Active
 * Directory or LDAP mastering Okta) rather than in an HR system, Okta's deactivation is the leaver
 * signal, and this workflow takes the user's AWS access away. Events only say "look again": each
 * check reads the user in Okta, and only a user Okta shows deactivated or deleted loses its AWS
 * account assignments, all of them, since nobody else will remove them.
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';

import type { AwsActivities } from '../activities/aws/activities';
import type { OktaActivities } from '../activities/okta/activities';
import { AWS_ASSIGNMENT_PROFILE, OKTA_PROFILE, RETRY_AFTER_FAILURE_MS } from './activity-profiles';
import { reconcile } from './definitions';
import {
  directoryUserStatus,
  recordDirectoryEvent,
  type DirectoryUserInput,
  type DirectoryUserState,
} from './directory-user-definitions';
import { describeFailure } from './failures';
import { STAGE } from './search-attributes';
import { DEFAULT_TASK_QUEUES, type TaskQueues } from './task-queues';

const SEEN_EVENT_LIMIT = 200;
const RECENT_EVENTS = 20;
const SIGNALS_PER_RUN = 1_000;

function activitiesFor(queues: TaskQueues) {
  const okta = proxyActivities<OktaActivities>({ ...OKTA_PROFILE, taskQueue: queues.okta });
  const aws = proxyActivities<AwsActivities>({ ...AWS_ASSIGNMENT_PROFILE, taskQueue: queues.aws });

  return {
    readOktaUser: okta.readOktaUser,
    lookUpAwsUser: aws.lookUpAwsUser,
    listAllAwsAssignments: aws.listAllAwsAssignments,
    applyAwsAssignment: aws.applyAwsAssignment,
  };
}

type Activities = ReturnType<typeof activitiesFor>;

/** Keeps one directory user's AWS access in step with its Okta status, for as long as it exists. */
export async function directoryUserLifecycle(input: DirectoryUserInput): Promise<void> {
  const state: DirectoryUserState = input.state ?? {
    seenEventIds: [],
    stage: 'unknown',
    removedAssignments: [],
    recentEvents: [],
  };
  const acts = activitiesFor(input.taskQueues ?? DEFAULT_TASK_QUEUES);
  let dirty = false;
  let checking = false;
  let signals = 0;

  setHandler(recordDirectoryEvent, (event) => {
    signals += 1;
    let outcome: 'applied' | 'duplicate' | 'stale' = 'applied';
    if (state.seenEventIds.includes(event.eventId)) {
      outcome = 'duplicate';
    } else {
      state.seenEventIds.push(event.eventId);
      if (state.seenEventIds.length > SEEN_EVENT_LIMIT) state.seenEventIds.shift();
      if (state.latest && event.publishedAt < state.latest.publishedAt) {
        outcome = 'stale';
      } else {
        state.latest = { change: event.change, publishedAt: event.publishedAt };
      }
      if (event.loginHint) state.loginHint = event.loginHint;
    }
    state.recentEvents.push({
      eventId: event.eventId,
      change: event.change,
      publishedAt: event.publishedAt,
      outcome,
      receivedAt: new Date().toISOString(),
    });
    if (state.recentEvents.length > RECENT_EVENTS) state.recentEvents.shift();
    // A stale event still asks for a look: reading Okta costs little and is always right.
    if (outcome !== 'duplicate') dirty = true;
  });
  setHandler(reconcile, () => {
    dirty = true;
  });
  setHandler(directoryUserStatus, () => ({
    ...state,
    workflowId: workflowInfo().workflowId,
    directory: input.directory,
    userId: input.userId,
    checking,
  }));

  for (;;) {
    const retryIn = state.retryAt ? Math.max(1, Date.parse(state.retryAt) - Date.now()) : undefined;
    const wake = () => dirty || historyIsLong(signals);
    // A durable timer for the retry after a failure; a new event wakes the loop early.
    if (retryIn === undefined) await condition(wake);
    else if (!(await condition(wake, retryIn))) dirty = true;

    if (dirty) {
      dirty = false;
      checking = true;
      try {
        await checkUser(acts, input.userId, state);
        delete state.lastError;
        delete state.retryAt;
      } catch (error) {
        state.lastError = describeFailure(error, 'checkDirectoryUser');
        state.retryAt = new Date(Date.now() + RETRY_AFTER_FAILURE_MS).toISOString();
        log.warn('directory user check failed', { type: state.lastError.type });
      }
      checking = false;
      state.checkedAt = new Date().toISOString();
      upsertSearchAttributes([
        { key: STAGE, value: state.stage === 'left' ? 'terminated' : state.stage },
      ]);
    }

    if (!dirty && historyIsLong(signals)) {
      await condition(allHandlersFinished);
      if (!dirty) await continueAsNew<typeof directoryUserLifecycle>({ ...input, state });
    }
  }
}

/**
 * Reads the user in Okta; a deactivated or deleted user loses every AWS account assignment. A
 * second run finds nothing left to remove.
 */
async function checkUser(acts: Activities, userId: string, state: DirectoryUserState) {
  const user = await acts.readOktaUser({ userId });
  state.oktaStatus = user?.status ?? 'DELETED';
  if (user && user.status !== 'DEPROVISIONED') {
    state.stage = 'active';

    return;
  }

  state.stage = 'left';
  const login = user?.login ?? state.loginHint;
  if (!login) {
    throw ApplicationFailure.nonRetryable(
      'Okta no longer has this user and no event named its login; remove its AWS access by hand',
      'okta.login_unknown',
    );
  }
  // A deleted user's login may since belong to someone else (reused, or named by a forged or
  // stale event): the identity-store user of that name is then theirs, and is left alone.
  if (!user && (await acts.readOktaUser({ login }))) {
    state.heldBack = 'login_reused';
    log.warn('directory leaver held back: login names another okta user');

    return;
  }
  delete state.heldBack;
  const principalId = await acts.lookUpAwsUser({ userName: login });
  state.awsUserId = principalId;
  if (principalId === null) return;

  const held = await acts.listAllAwsAssignments({ principalId });
  await Promise.all(
    held.map((grant) => acts.applyAwsAssignment({ operation: 'delete', principalId, grant })),
  );
  if (held.length > 0) state.removedAssignments = held;
  log.info('directory leaver aws access removed', { assignments: held.length });
}

function historyIsLong(signals: number): boolean {
  return signals >= SIGNALS_PER_RUN || workflowInfo().continueAsNewSuggested;
}

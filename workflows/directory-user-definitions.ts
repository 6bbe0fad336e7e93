/**
 * The directory-user workflow's public surface: one workflow per Okta user that Okta Event Hooks
 * reported on, its id scheme, the signal that delivers directory events, and the status query.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';

import type { DirectoryChange, DirectoryEvent } from '../domain/directory-event';
import type { AwsGrant } from '../domain/target-state';
import type { LastError } from './definitions';
import type { TaskQueues } from './task-queues';

export const DIRECTORY_USER_WORKFLOW_TYPE = 'directoryUserLifecycle';

/** The directory's opaque user id only, never a login. */
export function directoryUserWorkflowId(directory: string, userId: string): string {
  return `directory:${directory}:${userId}`;
}

export const recordDirectoryEvent = defineSignal<[DirectoryEvent]>('recordDirectoryEvent');

export const directoryUserStatus = defineQuery<DirectoryUserStatus>('directoryUserStatus');

export interface DirectoryEventNote {
  eventId: string;
  change: DirectoryChange;
  publishedAt: string;
  /** `stale`: published before a change already seen, so it cannot be the user's latest state. */
  outcome: 'applied' | 'duplicate' | 'stale';
  receivedAt: string;
}

export interface DirectoryUserState {
  /** Event ids seen, newest last, so a redelivery changes nothing. */
  seenEventIds: string[];
  latest?: { change: DirectoryChange; publishedAt: string };
  /** The login the last event named; personal data, kept only in encrypted payloads. */
  loginHint?: string;
  /** `active`: nothing to take away; `left`: Okta shows the user deactivated or deleted. */
  stage: 'unknown' | 'active' | 'left';
  /** Okta's status at the last check; `DELETED` when Okta no longer has the user. */
  oktaStatus?: string;
  /** The identity-store user; null when the store had none. */
  awsUserId?: string | null;
  /**
   * Why the last check removed nothing although the user left: `login_reused` when Okta no
   * longer has the user and its last known login now names another Okta user.
   */
  heldBack?: 'login_reused';
  /** The account assignments the last leaver check removed. */
  removedAssignments: AwsGrant[];
  checkedAt?: string;
  lastError?: LastError;
  retryAt?: string;
  recentEvents: DirectoryEventNote[];
}

export interface DirectoryUserInput {
  directory: 'okta';
  userId: string;
  taskQueues?: TaskQueues;
  /** Carried over by continue-as-new. */
  state?: DirectoryUserState;
}

export interface DirectoryUserStatus extends DirectoryUserState {
  workflowId: string;
  directory: string;
  userId: string;
  /** True while a check of Okta and AWS is under way. */
  checking: boolean;
}

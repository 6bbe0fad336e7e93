/**
 * The person workflow's public surface: its id scheme, the signal that delivers HR events, the
 * signal that asks for a new convergence, and the status query. Clients import these so that
 * both sides use the same definitions.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';

import type { HrEvent } from '../domain/hr-event';
import type { PersonRecord } from '../domain/person-record';
import type { AwsGrant, PendingTransition, Plan, Stage } from '../domain/target-state';
import type { TaskQueues } from './task-queues';

export const PERSON_WORKFLOW_TYPE = 'personLifecycle';

/** Ids carry the source and the opaque HR id only: never an email or a name. */
export function personWorkflowId(source: string, hrId: string): string {
  return `person:${source}:${hrId}`;
}

export const recordHrEvent = defineSignal<[HrEvent]>('recordHrEvent');

/** Converge again now, for example after fixing the cause of a final error. */
export const reconcile = defineSignal<[]>('reconcile');

export const personStatus = defineQuery<PersonStatus>('personStatus');

/** What Tenure last saw in Okta and AWS for this person. */
export interface ActualAccess {
  oktaUserId?: string;
  oktaStatus?: string;
  oktaGroups: string[];
  awsUserId?: string;
  awsAssignments: AwsGrant[];
  /** Set on a rehire until every group not granted by the current policy is gone. */
  groupResetPending?: boolean;
}

export interface LastError {
  step: string;
  type: string;
  message: string;
  at: string;
}

export interface EventNote {
  eventId: string;
  kind: HrEvent['kind'];
  outcome: 'applied' | 'duplicate' | 'stale';
  receivedAt: string;
}

export interface PersonState {
  record: PersonRecord;
  actual: ActualAccess;
  plan?: Plan;
  lastError?: LastError;
  /** After a final error, when the workflow will try to converge again by itself. */
  retryAt?: string;
  events: EventNote[];
  convergedAt?: string;
  /** Sources whose records must be read before the next plan (they sent id-only events). */
  pendingReads?: string[];
  /** Per source, the event ids its HR reader returned last time; only differences are folded. */
  lastReads?: Record<string, string[]>;
}

export interface PersonStatus {
  workflowId: string;
  source: string;
  hrId: string;
  stage: Stage;
  timeZone?: string;
  policyDigest?: string;
  record: PersonRecord;
  attributes: Record<string, string>;
  desired?: Plan['target'];
  actual: ActualAccess;
  pendingTimers: PendingTransition[];
  lastError?: LastError;
  recentEvents: EventNote[];
  /** When the last convergence finished; it may belong to an earlier plan while `converging`. */
  convergedAt?: string;
  /** True while the plan shown is still being applied to Okta and AWS. */
  converging: boolean;
}

export interface PersonInput {
  source: string;
  hrId: string;
  /** Defaults to `DEFAULT_TASK_QUEUES`. */
  taskQueues?: TaskQueues;
  /** Carried over by continue-as-new. */
  state?: PersonState;
}

import { createHash } from 'node:crypto';

import { createDirectory, nowSeconds, upsertGroup, upsertUser, type Directory } from './directory';
import type { AwsFaults } from './faults';
import type { ResolvedOptions } from './options';

export type PrincipalType = 'USER' | 'GROUP';
export type OperationKind = 'create' | 'delete';
export type OperationStatus = 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';

export interface PermissionSet {
  arn: string;
  name: string;
  description?: string;
  sessionDuration: string;
  createdDate: number;
}

export interface Assignment {
  accountId: string;
  permissionSetArn: string;
  principalType: PrincipalType;
  principalId: string;
}

export interface AssignmentOperation extends Assignment {
  requestId: string;
  kind: OperationKind;
  status: OperationStatus;
  /** What the operation becomes once it is due; decided when it starts. */
  outcome: 'SUCCEEDED' | 'FAILED';
  failureReason?: string;
  createdDate: number;
  dueAtMs: number;
}

export interface EmulatorState {
  readonly options: ResolvedOptions;
  readonly instanceArn: string;
  readonly instanceCreatedDate: number;
  permissionSets: Map<string, PermissionSet>;
  directory: Directory;
  assignments: Map<string, Assignment>;
  operations: Map<string, AssignmentOperation>;
  faults: AwsFaults;
  calls: Map<string, number>;
  maxInFlightObserved: number;
  /** Arrival times (ms) of sso-admin calls admitted in the last second. */
  recentSsoAdminCalls: number[];
}

/** Builds the seeded state: one instance, its permission sets, and any seeded users and groups. */
export function createEmulatorState(options: ResolvedOptions): EmulatorState {
  const state: EmulatorState = {
    options,
    instanceArn: `arn:aws:sso:::instance/${options.instanceId}`,
    instanceCreatedDate: Math.floor(nowSeconds()),
    permissionSets: new Map(),
    directory: createDirectory(),
    assignments: new Map(),
    operations: new Map(),
    faults: {},
    calls: new Map(),
    maxInFlightObserved: 0,
    recentSsoAdminCalls: [],
  };
  seed(state);

  return state;
}

/** Drops everything written since start, including faults and counters, and re-seeds. */
export function resetState(state: EmulatorState): void {
  state.permissionSets.clear();
  state.directory = createDirectory();
  state.assignments.clear();
  state.operations.clear();
  state.faults = {};
  state.calls.clear();
  state.maxInFlightObserved = 0;
  state.recentSsoAdminCalls = [];
  seed(state);
}

/** Hashing the name keeps a permission set's ARN stable across resets and restarts. */
export function permissionSetArnFor(instanceId: string, name: string): string {
  const suffix = createHash('sha256').update(`${instanceId}/${name}`).digest('hex').slice(0, 16);

  return `arn:aws:sso:::permissionSet/${instanceId}/ps-${suffix}`;
}

export function assignmentKey(assignment: Assignment): string {
  const { accountId, permissionSetArn, principalType, principalId } = assignment;

  return [accountId, permissionSetArn, principalType, principalId].join('|');
}

/**
 * Moves every operation whose delay has passed to its outcome, in start order, and applies
 * succeeded ones to the assignment table; evaluated on each request instead of by timers so
 * nothing is left scheduled when the emulator closes.
 */
export function settleOperations(state: EmulatorState, nowMs = Date.now()): void {
  for (const operation of state.operations.values()) {
    if (operation.status !== 'IN_PROGRESS' || operation.dueAtMs > nowMs) {
      continue;
    }
    operation.status = operation.outcome;
    if (operation.outcome !== 'SUCCEEDED') {
      continue;
    }
    const key = assignmentKey(operation);
    if (operation.kind === 'create') {
      const { accountId, permissionSetArn, principalType, principalId } = operation;
      state.assignments.set(key, { accountId, permissionSetArn, principalType, principalId });
    } else {
      state.assignments.delete(key);
    }
  }
}

export function inFlightOperations(state: EmulatorState): AssignmentOperation[] {
  return [...state.operations.values()].filter((operation) => operation.status === 'IN_PROGRESS');
}

function seed(state: EmulatorState): void {
  const { options } = state;
  for (const seedSet of options.permissionSets) {
    const arn = permissionSetArnFor(options.instanceId, seedSet.name);
    const permissionSet: PermissionSet = {
      arn,
      name: seedSet.name,
      sessionDuration: seedSet.sessionDuration ?? 'PT1H',
      createdDate: state.instanceCreatedDate,
    };
    if (seedSet.description !== undefined) permissionSet.description = seedSet.description;
    state.permissionSets.set(arn, permissionSet);
  }
  for (const user of options.users) {
    upsertUser(state.directory, user);
  }
  for (const group of options.groups) {
    upsertGroup(state.directory, group);
  }
}

/** One API operation: takes the parsed JSON body, returns the JSON answer or throws an AwsError. */
export type OperationHandler = (
  state: EmulatorState,
  input: Record<string, unknown>,
) => Record<string, unknown>;

import { randomUUID } from 'node:crypto';

import { AwsError, accessDenied, conflict, notFound, throttled } from './errors';
import { DEFAULT_FAILURE_REASON } from './faults';
import {
  assignmentKey,
  inFlightOperations,
  type Assignment,
  type AssignmentOperation,
  type EmulatorState,
  type OperationKind,
} from './state';

/** The wire shape shared by AccountAssignmentCreationStatus and AccountAssignmentDeletionStatus. */
export function operationStatusView(operation: AssignmentOperation): Record<string, unknown> {
  const view: Record<string, unknown> = {
    Status: operation.status,
    RequestId: operation.requestId,
    TargetId: operation.accountId,
    TargetType: 'AWS_ACCOUNT',
    PermissionSetArn: operation.permissionSetArn,
    PrincipalType: operation.principalType,
    PrincipalId: operation.principalId,
    CreatedDate: operation.createdDate,
  };
  if (operation.status === 'FAILED' && operation.failureReason !== undefined) {
    view.FailureReason = operation.failureReason;
  }

  return view;
}

/**
 * Starts an asynchronous create or delete: it answers IN_PROGRESS under a new request id and
 * reaches its outcome after `assignmentDelayMs`. Throws ConflictException while another operation
 * on the same tuple is in flight, and the configured in-flight error past the bound; a delete of a
 * missing assignment follows `deleteMissingAssignment`.
 */
export function startAssignmentOperation(
  state: EmulatorState,
  kind: OperationKind,
  assignment: Assignment,
): AssignmentOperation {
  checkTarget(state, kind, assignment);

  const key = assignmentKey(assignment);
  const inFlight = inFlightOperations(state);
  if (inFlight.some((operation) => assignmentKey(operation) === key)) {
    throw conflict(
      'The request could not be completed because another operation on this account assignment ' +
        'is in progress. Retry after it completes.',
    );
  }
  const missing = kind === 'delete' && !state.assignments.has(key);
  if (missing && state.options.deleteMissingAssignment === 'not-found') {
    throw notFound('The account assignment to delete does not exist');
  }
  if (inFlight.length >= state.options.maxInFlightAssignmentOps) {
    throw inFlightLimitError(state);
  }
  if (Math.random() < (state.faults.conflictRate ?? 0)) {
    throw conflict('The request conflicts with a concurrent change. Retry with backoff.');
  }

  const failure = decideFailure(state, missing);
  const nowMs = Date.now();
  const operation: AssignmentOperation = {
    ...assignment,
    requestId: randomUUID(),
    kind,
    status: 'IN_PROGRESS',
    outcome: failure === undefined ? 'SUCCEEDED' : 'FAILED',
    createdDate: nowMs / 1000,
    dueAtMs: nowMs + state.options.assignmentDelayMs,
  };
  if (failure !== undefined) operation.failureReason = failure;
  state.operations.set(operation.requestId, operation);
  state.maxInFlightObserved = Math.max(state.maxInFlightObserved, inFlight.length + 1);

  return operation;
}

export function findOperation(
  state: EmulatorState,
  kind: OperationKind,
  requestId: string,
): AssignmentOperation {
  const operation = state.operations.get(requestId);
  if (operation === undefined || operation.kind !== kind) {
    const phase = kind === 'create' ? 'creation' : 'deletion';
    throw notFound(`Account assignment ${phase} request ${requestId} not found`);
  }

  return operation;
}

function checkTarget(state: EmulatorState, kind: OperationKind, assignment: Assignment): void {
  const { options, directory } = state;
  if (!state.permissionSets.has(assignment.permissionSetArn)) {
    throw notFound(`Could not find PermissionSet with ARN ${assignment.permissionSetArn}`);
  }
  if (assignment.accountId === options.managementAccountId) {
    throw accessDenied(
      'Account assignments in the management account are not allowed for this caller.',
    );
  }
  // Group principals are not checked: groups are rarely seeded, and a delete must still work.
  const checksUser =
    options.checkPrincipalExists && kind === 'create' && assignment.principalType === 'USER';
  if (checksUser && !directory.users.has(assignment.principalId)) {
    throw notFound(`Could not find User with id ${assignment.principalId} in the identity store`);
  }
}

/** Injected failures come first; a missing delete fails only when that switch says so. */
function decideFailure(state: EmulatorState, deletesMissing: boolean): string | undefined {
  const { faults, options } = state;
  if ((faults.failNextAssignments ?? 0) > 0) {
    faults.failNextAssignments = (faults.failNextAssignments ?? 0) - 1;

    return faults.failureReason ?? DEFAULT_FAILURE_REASON;
  }
  if (deletesMissing && options.deleteMissingAssignment === 'fail') {
    return 'The account assignment to delete does not exist';
  }

  return undefined;
}

function inFlightLimitError(state: EmulatorState): AwsError {
  const message =
    `Too many outstanding account assignment operations (limit ` +
    `${state.options.maxInFlightAssignmentOps}). Retry after some complete.`;
  const type = state.options.inFlightLimitError;

  return type === 'ThrottlingException' ? throttled(message) : new AwsError(type, message);
}

import { findOperation, operationStatusView, startAssignmentOperation } from './assignment-ops';
import { notFound } from './errors';
import { paginate, type Page } from './pagination';
import {
  assignmentKey,
  inFlightOperations,
  type Assignment,
  type EmulatorState,
  type OperationHandler,
  type OperationKind,
  type PermissionSet,
} from './state';
import {
  optionalObject,
  optionalString,
  pageRequest,
  PATTERNS,
  requiredEnum,
  requiredString,
  type Input,
} from './validation';

const PRINCIPAL_TYPES = ['USER', 'GROUP'] as const;
const STATUSES = ['IN_PROGRESS', 'FAILED', 'SUCCEEDED'] as const;

/** The sso-admin operations the emulator serves, keyed by the name after `SWBExternalService.`. */
export const ssoAdminOperations: Record<string, OperationHandler> = {
  ListInstances: (state, input) => {
    const page = paginate([instanceView(state)], pageRequest(input));

    return { Instances: page.items, NextToken: page.nextToken };
  },

  ListPermissionSets: (state, input) => {
    const paging = pageRequest(input);
    requireInstance(state, input);
    const page = paginate([...state.permissionSets.keys()], paging);

    return { PermissionSets: page.items, NextToken: page.nextToken };
  },

  DescribePermissionSet: (state, input) => {
    const permissionSet = requirePermissionSet(state, input);
    const { arn, name, description, sessionDuration, createdDate } = permissionSet;

    return {
      PermissionSet: {
        Name: name,
        PermissionSetArn: arn,
        Description: description,
        CreatedDate: createdDate,
        SessionDuration: sessionDuration,
      },
    };
  },

  CreateAccountAssignment: (state, input) => ({
    AccountAssignmentCreationStatus: startOperation(state, input, 'create'),
  }),

  DeleteAccountAssignment: (state, input) => ({
    AccountAssignmentDeletionStatus: startOperation(state, input, 'delete'),
  }),

  DescribeAccountAssignmentCreationStatus: (state, input) => ({
    AccountAssignmentCreationStatus: describeOperation(state, input, 'create'),
  }),

  DescribeAccountAssignmentDeletionStatus: (state, input) => ({
    AccountAssignmentDeletionStatus: describeOperation(state, input, 'delete'),
  }),

  ListAccountAssignments: (state, input) => {
    const paging = pageRequest(input);
    const accountId = requiredString(input, 'AccountId', PATTERNS.accountId);
    const permissionSet = requirePermissionSet(state, input);
    const matching = visibleAssignments(state).filter(
      (row) => row.accountId === accountId && row.permissionSetArn === permissionSet.arn,
    );
    const page = paginate(matching.map(assignmentView), paging);

    return { AccountAssignments: page.items, NextToken: page.nextToken };
  },

  ListAccountAssignmentsForPrincipal: (state, input) => {
    const paging = pageRequest(input);
    const principalId = requiredString(input, 'PrincipalId', PATTERNS.principalId);
    const principalType = requiredEnum(input, 'PrincipalType', PRINCIPAL_TYPES);
    const filter = optionalObject(input, 'Filter') ?? {};
    const accountId = optionalString(filter, 'AccountId', PATTERNS.accountId);
    requireInstance(state, input);
    const matching = visibleAssignments(state).filter(
      (row) =>
        row.principalId === principalId &&
        row.principalType === principalType &&
        (accountId === undefined || row.accountId === accountId),
    );
    const page = paginate(matching.map(assignmentView), paging);

    return { AccountAssignments: page.items, NextToken: page.nextToken };
  },

  ListAccountAssignmentCreationStatus: (state, input) => {
    const page = listOperations(state, input, 'create');

    return { AccountAssignmentsCreationStatus: page.items, NextToken: page.nextToken };
  },

  ListAccountAssignmentDeletionStatus: (state, input) => {
    const page = listOperations(state, input, 'delete');

    return { AccountAssignmentsDeletionStatus: page.items, NextToken: page.nextToken };
  },
};

function instanceView(state: EmulatorState): Record<string, unknown> {
  const { options } = state;

  return {
    InstanceArn: state.instanceArn,
    IdentityStoreId: options.identityStoreId,
    OwnerAccountId: options.managementAccountId,
    CreatedDate: state.instanceCreatedDate,
    Status: 'ACTIVE',
    PrimaryRegion: options.region,
  };
}

function requireInstance(state: EmulatorState, input: Input): void {
  const arn = requiredString(input, 'InstanceArn', PATTERNS.instanceArn);
  if (arn !== state.instanceArn) {
    throw notFound(`Could not find Instance with ARN ${arn}`);
  }
}

function requirePermissionSet(state: EmulatorState, input: Input): PermissionSet {
  requiredString(input, 'InstanceArn', PATTERNS.instanceArn);
  const arn = requiredString(input, 'PermissionSetArn', PATTERNS.permissionSetArn);
  requireInstance(state, input);
  const permissionSet = state.permissionSets.get(arn);
  if (permissionSet === undefined) {
    throw notFound(`Could not find PermissionSet with ARN ${arn}`);
  }

  return permissionSet;
}

function startOperation(
  state: EmulatorState,
  input: Input,
  kind: OperationKind,
): Record<string, unknown> {
  requiredString(input, 'InstanceArn', PATTERNS.instanceArn);
  const accountId = requiredString(input, 'TargetId', PATTERNS.accountId);
  requiredEnum(input, 'TargetType', ['AWS_ACCOUNT']);
  const permissionSetArn = requiredString(input, 'PermissionSetArn', PATTERNS.permissionSetArn);
  const principalType = requiredEnum(input, 'PrincipalType', PRINCIPAL_TYPES);
  const principalId = requiredString(input, 'PrincipalId', PATTERNS.principalId);
  requireInstance(state, input);

  const assignment = { accountId, permissionSetArn, principalType, principalId };

  return operationStatusView(startAssignmentOperation(state, kind, assignment));
}

function describeOperation(
  state: EmulatorState,
  input: Input,
  kind: OperationKind,
): Record<string, unknown> {
  const field =
    kind === 'create' ? 'AccountAssignmentCreationRequestId' : 'AccountAssignmentDeletionRequestId';
  requiredString(input, 'InstanceArn', PATTERNS.instanceArn);
  const requestId = requiredString(input, field, PATTERNS.requestId);
  requireInstance(state, input);

  return operationStatusView(findOperation(state, kind, requestId));
}

function listOperations(
  state: EmulatorState,
  input: Input,
  kind: OperationKind,
): Page<Record<string, unknown>> {
  const paging = pageRequest(input);
  const filter = optionalObject(input, 'Filter') ?? {};
  const status = filter.Status === undefined ? undefined : requiredEnum(filter, 'Status', STATUSES);
  requireInstance(state, input);
  const operations = [...state.operations.values()].filter(
    (operation) => operation.kind === kind && (status === undefined || operation.status === status),
  );

  const summaries = operations.map(({ status: Status, requestId, createdDate }) => ({
    Status,
    RequestId: requestId,
    CreatedDate: createdDate,
  }));

  return paginate(summaries, paging);
}

/** Assignments appear only once their create succeeded, unless the in-progress switch is on. */
function visibleAssignments(state: EmulatorState): Assignment[] {
  const rows = [...state.assignments.values()];
  if (!state.options.listInProgressAssignments) {
    return rows;
  }
  const pending = inFlightOperations(state).filter(
    (operation) => operation.kind === 'create' && !state.assignments.has(assignmentKey(operation)),
  );

  return [...rows, ...pending];
}

function assignmentView(row: Assignment): Record<string, unknown> {
  return {
    AccountId: row.accountId,
    PermissionSetArn: row.permissionSetArn,
    PrincipalType: row.principalType,
    PrincipalId: row.principalId,
  };
}

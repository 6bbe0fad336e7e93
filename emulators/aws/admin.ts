import {
  DirectoryError,
  parseScimGroup,
  parseScimUser,
  upsertGroup,
  upsertUser,
} from './directory';
import { parseFaults } from './faults';
import { groupView, userView } from './identity-views';
import { inFlightOperations, resetState, settleOperations, type EmulatorState } from './state';

export interface AdminAnswer {
  status: number;
  body: unknown;
}

type AdminRoute = (state: EmulatorState, body: unknown) => AdminAnswer;

const ROUTES: Record<string, AdminRoute> = {
  'POST /__admin/faults': (state, body) => {
    state.faults = parseFaults(body);

    return { status: 200, body: { faults: state.faults } };
  },

  'POST /__admin/reset': (state) => {
    resetState(state);

    return { status: 200, body: { reset: true } };
  },

  'GET /__admin/state': (state) => ({ status: 200, body: snapshot(state) }),

  'POST /__admin/scim/users': (state, body) => {
    const user = upsertUser(state.directory, parseScimUser(body));
    const { identityStoreId, externalIdIssuer } = state.options;

    return { status: 200, body: userView(user, identityStoreId, externalIdIssuer) };
  },

  'POST /__admin/scim/groups': (state, body) => {
    const group = upsertGroup(state.directory, parseScimGroup(body));
    const { identityStoreId, externalIdIssuer } = state.options;

    return { status: 200, body: groupView(group, identityStoreId, externalIdIssuer) };
  },
};

/** Serves the unauthenticated test back door under /__admin; answers plain JSON. */
export function handleAdmin(
  state: EmulatorState,
  method: string,
  path: string,
  rawBody: string,
): AdminAnswer {
  const route = ROUTES[`${method} ${path}`];
  if (route === undefined) {
    return adminError(404, 'admin.not_found', `no admin route ${method} ${path}`);
  }

  let body: unknown = {};
  try {
    body = rawBody === '' ? {} : JSON.parse(rawBody);
  } catch {
    return adminError(400, 'admin.invalid_json', 'body is not JSON');
  }
  try {
    return route(state, body);
  } catch (error) {
    if (error instanceof DirectoryError) {
      return adminError(error.status, error.code, error.message);
    }
    const message = error instanceof Error ? error.message : String(error);

    return adminError(400, 'admin.invalid_request', message);
  }
}

function adminError(status: number, errorCode: string, message: string): AdminAnswer {
  return { status, body: { errorCode, message } };
}

function snapshot(state: EmulatorState): Record<string, unknown> {
  settleOperations(state);
  const { identityStoreId, externalIdIssuer } = state.options;

  return {
    instanceArn: state.instanceArn,
    identityStoreId,
    permissionSets: [...state.permissionSets.values()].map(({ name, arn }) => ({ name, arn })),
    users: [...state.directory.users.values()].map((user) =>
      userView(user, identityStoreId, externalIdIssuer),
    ),
    groups: [...state.directory.groups.values()].map((group) =>
      groupView(group, identityStoreId, externalIdIssuer),
    ),
    assignments: [...state.assignments.values()],
    operations: [...state.operations.values()].map((operation) => ({
      requestId: operation.requestId,
      kind: operation.kind,
      status: operation.status,
      failureReason: operation.failureReason,
      accountId: operation.accountId,
      permissionSetArn: operation.permissionSetArn,
      principalType: operation.principalType,
      principalId: operation.principalId,
      createdDate: operation.createdDate,
    })),
    inFlight: inFlightOperations(state).length,
    maxInFlightObserved: state.maxInFlightObserved,
    calls: Object.fromEntries(state.calls),
    faults: state.faults,
  };
}

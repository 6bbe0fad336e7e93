import { parseFaults } from './faults';
import type { Reply } from './http-io';
import type { RequestLog } from './request-log';
import type { EmulatorCore } from './routing';
import { setStatus } from './transitions';
import { USER_STATUSES, type OktaFaults, type UserStatus } from './types';
import { renderUser } from './views';

/** What the admin endpoints may read and change besides the org itself. */
export interface AdminControls {
  core: EmulatorCore;
  log: RequestLog;
  faults(): OktaFaults;
  setFaults(faults: OktaFaults): void;
  reset(): void;
}

// Statuses that in a real org come only from end-user actions, so tests need a back door.
// ACTIVE stands for a PROVISIONED user following the activation link and setting a password.
const BACK_DOOR_STATUSES: ReadonlySet<UserStatus> = new Set([
  'ACTIVE',
  'LOCKED_OUT',
  'RECOVERY',
  'PASSWORD_EXPIRED',
]);

function adminError(status: number, code: string, message: string): Reply {
  return { status, body: { error: code, message } };
}

function countBy<T>(items: Iterable<T>, key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;

  return counts;
}

function state(controls: AdminControls): Reply {
  const { store, pusher, hooks } = controls.core;
  const byStatus = Object.fromEntries(USER_STATUSES.map((status) => [status, 0]));
  Object.assign(
    byStatus,
    countBy(store.users.values(), (user) => user.status),
  );

  return {
    status: 200,
    body: {
      users: { total: store.users.size, byStatus },
      groups: { total: store.groups.size },
      sessionsRevoked: Object.fromEntries(store.sessionsRevoked),
      oauthTokensRevoked: Object.fromEntries(store.oauthTokensRevoked),
      requests: controls.log.snapshot(),
      faults: controls.faults(),
      provisioning: pusher.stats(),
      eventHooks: hooks.stats(),
    },
  };
}

function setUserStatus(
  controls: AdminControls,
  userId: string,
  body: unknown,
  base: string,
): Reply {
  const { core } = controls;
  const user = core.store.users.get(userId);
  if (user === undefined) return adminError(404, 'admin.user_not_found', 'no user with this id');
  const status = (body as { status?: unknown } | undefined)?.status;
  if (typeof status !== 'string' || !BACK_DOOR_STATUSES.has(status as UserStatus)) {
    const allowed = [...BACK_DOOR_STATUSES].join(', ');

    return adminError(400, 'admin.invalid_status', `status must be one of ${allowed}`);
  }
  if (status === 'ACTIVE') {
    if (user.status !== 'PROVISIONED') {
      return adminError(
        409,
        'admin.not_provisioned',
        'only a PROVISIONED user can finish activation',
      );
    }
    user.hasPassword = true;
  }
  setStatus(core, user, status as UserStatus);

  return { status: 200, body: renderUser(user, core.store, base) };
}

/**
 * Answers the /__admin endpoints (faults, reset, state, status back door); they sit outside the
 * Okta API, so they need no token and see no faults.
 */
export function handleAdmin(
  controls: AdminControls,
  method: string,
  segments: string[],
  body: unknown,
  base: string,
): Reply {
  const [, resource, id, leaf] = segments;
  const isStatusDoor = segments.length === 4 && resource === 'users' && leaf === 'status';
  const name = isStatusDoor ? 'users/status' : segments.length === 2 ? resource : 'unknown';
  const route = `${method} ${name}`;

  switch (route) {
    case 'POST faults':
      try {
        controls.setFaults(parseFaults(body ?? {}));
      } catch (error) {
        return adminError(400, 'admin.invalid_faults', (error as Error).message);
      }

      return { status: 200, body: controls.faults() };
    case 'GET faults':
      return { status: 200, body: controls.faults() };
    case 'POST reset':
      controls.reset();

      return { status: 204 };
    case 'GET state':
      return state(controls);
    case 'POST users/status':
      return setUserStatus(controls, id ?? '', body, base);
    default:
      return adminError(404, 'admin.unknown_endpoint', 'no such admin endpoint');
  }
}

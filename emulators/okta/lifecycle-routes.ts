import { OktaFailure, statusNotAllowed, userNotFound, validationFailed } from './errors';
import { queryFlag, type Reply } from './http-io';
import { randomToken } from './ids';
import { param, route, type EmulatorCore, type Route, type RouteContext } from './routing';
import type { UserEventType } from './system-log';
import { activate, deactivate, logUserEvent, requireUser, setStatus } from './transitions';
import type { UserRecord, UserStatus } from './types';
import { renderUser } from './views';

type LifecycleStep = (user: UserRecord, context: RouteContext, reference: string) => Reply;

const EMPTY_OK: Reply = { status: 200, body: {} };
const EXPIRABLE: ReadonlySet<UserStatus> = new Set(['ACTIVE', 'RECOVERY', 'PASSWORD_EXPIRED']);
const ONLY_SUSPENDED = 'Only a SUSPENDED user can be unsuspended';
// The System Log event each operation leaves when it succeeds; unlock and expire_password log
// user.account events, which the emulator does not model.
const LOGGED: Record<string, UserEventType> = {
  activate: 'user.lifecycle.activate',
  reactivate: 'user.lifecycle.reactivate',
  deactivate: 'user.lifecycle.deactivate',
  suspend: 'user.lifecycle.suspend',
  unsuspend: 'user.lifecycle.unsuspend',
};

/** Okta hands out the activation link only when it is not e-mailing it itself. */
function activationReply(context: RouteContext): Reply {
  if (queryFlag(context.query, 'sendEmail', true)) return EMPTY_OK;
  const activationToken = randomToken(20);

  return {
    status: 200,
    body: { activationUrl: `${context.base}/tokens/${activationToken}/verify`, activationToken },
  };
}

function wrongStatus(message: string): OktaFailure {
  return validationFailed([{ field: 'status', message }]);
}

function lifecycleSteps(core: EmulatorCore): Record<string, LifecycleStep> {
  const pushIfKnown = (user: UserRecord, active: boolean) => {
    if (user.pushed) core.pusher.push(user, active);
  };

  return {
    activate: (user, context) => {
      if (user.status !== 'STAGED' && user.status !== 'DEPROVISIONED') {
        const summary = 'Activation failed because the user is already active';
        throw new OktaFailure(403, 'E0000016', summary);
      }
      activate(core, user);

      return activationReply(context);
    },
    reactivate: (user, context) => {
      if (user.status !== 'PROVISIONED' && user.status !== 'RECOVERY') throw statusNotAllowed();
      setStatus(core, user, 'PROVISIONED');
      pushIfKnown(user, true);

      return activationReply(context);
    },
    deactivate: (user, _context, reference) => {
      // The 404 for an already DEPROVISIONED user is what a real org answered (okta-sdk-java #721).
      if (user.status === 'DEPROVISIONED') throw userNotFound(reference);
      deactivate(core, user);

      return EMPTY_OK;
    },
    suspend: (user) => {
      if (user.status !== 'ACTIVE') throw wrongStatus('Only an ACTIVE user can be suspended');
      setStatus(core, user, 'SUSPENDED');
      pushIfKnown(user, false);

      return EMPTY_OK;
    },
    unsuspend: (user) => {
      if (user.status !== 'SUSPENDED') throw wrongStatus(ONLY_SUSPENDED);
      setStatus(core, user, 'ACTIVE');
      pushIfKnown(user, true);

      return EMPTY_OK;
    },
    unlock: (user) => {
      if (user.status !== 'LOCKED_OUT') {
        throw new OktaFailure(403, 'E0000032', 'Unlock is not allowed for this user.', [
          'The user is not locked out.',
        ]);
      }
      setStatus(core, user, 'ACTIVE');

      return EMPTY_OK;
    },
    expire_password: (user, context) => {
      if (!EXPIRABLE.has(user.status)) throw statusNotAllowed();
      setStatus(core, user, 'PASSWORD_EXPIRED');

      return { status: 200, body: renderUser(user, core.store, context.base) };
    },
  };
}

/** Routes for POST /users/{id}/lifecycle/{operation}, following Okta's state machine. */
export function lifecycleRoutes(core: EmulatorCore): Route[] {
  return Object.entries(lifecycleSteps(core)).map(([operation, step]) =>
    route('POST', `/users/:userId/lifecycle/${operation}`, 'user', (context) => {
      const reference = param(context, 'userId');
      const user = requireUser(core, reference);
      const reply = step(user, context, reference);
      const eventType = LOGGED[operation];
      if (eventType !== undefined) logUserEvent(core, eventType, user, context);

      return reply;
    }),
  );
}

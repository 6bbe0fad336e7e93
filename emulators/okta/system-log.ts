import { newUuid } from './ids';
import type { UserRecord } from './types';

/** The one who acts in a System Log event; for API calls, the admin who owns the API token. */
export interface LogActor {
  id: string;
  type: string;
  alternateId: string;
  displayName: string;
  detailEntry: null;
}

/** A System Log `LogEvent` with the fields Okta fills for an admin's API call. */
export interface LogEvent {
  uuid: string;
  published: string;
  eventType: string;
  version: '0';
  severity: 'INFO';
  displayMessage: string;
  actor: LogActor;
  outcome: { result: 'SUCCESS'; reason: null };
  target: {
    id: string;
    type: 'User';
    alternateId: string;
    displayName: string;
    detailEntry: null;
  }[];
  transaction: { type: 'WEB'; id: string; detail: Record<string, never> };
  debugContext: { debugData: { requestId: string; requestUri: string } };
}

/** The API call that caused an event: Okta's transaction id is the call's X-Okta-Request-Id. */
export interface LogCause {
  requestId: string;
  path: string;
}

// The display messages a real org logs for these types; `delete.initiated` is the least certain.
const USER_EVENTS = {
  'user.lifecycle.create': 'Create Okta user',
  'user.lifecycle.activate': 'Activate Okta user',
  'user.lifecycle.deactivate': 'Deactivate Okta user',
  'user.lifecycle.reactivate': 'Reactivate Okta user',
  'user.lifecycle.suspend': 'Suspend Okta user',
  'user.lifecycle.unsuspend': 'Unsuspend Okta user',
  'user.lifecycle.delete.initiated': 'Delete Okta user',
} as const;

export type UserEventType = keyof typeof USER_EVENTS;

/** What a hook subscribes to when the option names no events: the changes Tenure acts on. */
export const DEFAULT_HOOK_EVENTS: readonly UserEventType[] = [
  'user.lifecycle.activate',
  'user.lifecycle.deactivate',
  'user.lifecycle.reactivate',
  'user.lifecycle.suspend',
  'user.lifecycle.unsuspend',
  'user.lifecycle.delete.initiated',
];

/** The emulator's stand-in for the admin user whose API token every call uses. */
export function apiTokenActor(id: string): LogActor {
  return {
    id,
    type: 'User',
    alternateId: 'api-admin@okta-emulator.test',
    displayName: 'Okta Emulator API Admin',
    detailEntry: null,
  };
}

/** A user lifecycle event as Okta logs it; built before the change removes the user. */
export function userLifecycleEvent(
  eventType: UserEventType,
  user: UserRecord,
  actor: LogActor,
  cause: LogCause,
  published: string,
): LogEvent {
  const firstName = String(user.profile.firstName ?? '');
  const lastName = String(user.profile.lastName ?? '');

  return {
    uuid: newUuid(),
    published,
    eventType,
    version: '0',
    severity: 'INFO',
    displayMessage: USER_EVENTS[eventType],
    actor,
    outcome: { result: 'SUCCESS', reason: null },
    target: [
      {
        id: user.id,
        type: 'User',
        alternateId: String(user.profile.login ?? ''),
        displayName: `${firstName} ${lastName}`.trim(),
        detailEntry: null,
      },
    ],
    transaction: { type: 'WEB', id: cause.requestId, detail: {} },
    debugContext: { debugData: { requestId: cause.requestId, requestUri: cause.path } },
  };
}

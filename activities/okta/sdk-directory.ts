/**
 * The Okta port implemented with the official `@okta/okta-sdk-nodejs` client. This is the only
 * file that knows the SDK; every SDK error leaves it as an `OktaCallError`.
 */
import { Client, DefaultRequestExecutor, OktaApiError } from '@okta/okta-sdk-nodejs';

import { OktaCallError, type OktaDirectory, type OktaGroup, type OktaUser } from './port';

export interface OktaSettings {
  orgUrl: string;
  apiToken: string;
}

/** Builds the directory over a new SDK client; call once per worker, never at import time. */
export function createSdkOktaDirectory(settings: OktaSettings): OktaDirectory {
  const client = new Client({
    // A trailing slash makes the SDK request `//api/v1/...`.
    orgUrl: settings.orgUrl.replace(/\/+$/, ''),
    token: settings.apiToken,
    // The default cache never expires and would hide changes made by anyone else.
    cacheMiddleware: null,
    // The SDK's own 429 retry sleeps inside the activity without heartbeating; Temporal's retry,
    // driven by the reset time, does it visibly instead.
    requestExecutor: new DefaultRequestExecutor({ maxRetries: 0, requestTimeout: 0 }),
  });
  const users = client.userApi;
  const groups = client.groupApi;

  return {
    getUser: (idOrLogin) =>
      call(async () => toUser(await users.getUser({ userId: idOrLogin })), { notFound: undefined }),
    findUsersByEmployeeNumber: (employeeNumber) =>
      call(async () => {
        const search = `profile.employeeNumber eq "${escapeSearch(employeeNumber)}"`;
        const found: OktaUser[] = [];
        for await (const user of await users.listUsers({ search })) {
          if (user) found.push(toUser(user));
        }

        return found;
      }),
    createStagedUser: (profile) =>
      call(async () => toUser(await users.createUser({ body: { profile }, activate: false }))),
    updateProfile: (userId, profile) =>
      call(async () => {
        await users.updateUser({ userId, user: { profile } });
      }),
    activate: (userId) =>
      call(async () => {
        await users.activateUser({ userId, sendEmail: false });
      }),
    suspend: (userId) => call(() => users.suspendUser({ userId })),
    unsuspend: (userId) => call(() => users.unsuspendUser({ userId })),
    deactivate: (userId) => call(() => users.deactivateUser({ userId, sendEmail: false })),
    deleteUser: (userId) => call(() => users.deleteUser({ userId, sendEmail: false })),
    revokeSessions: (userId) => call(() => users.revokeUserSessions({ userId, oauthTokens: true })),
    findGroupByName: (name) =>
      call(async () => {
        const search = `profile.name eq "${escapeSearch(name)}"`;
        for await (const group of await groups.listGroups({ search })) {
          if (group && toGroup(group).name === name) return toGroup(group);
        }

        return undefined;
      }),
    createGroup: (name) =>
      call(async () => toGroup(await groups.createGroup({ group: { profile: { name } } }))),
    listUserGroups: (userId) =>
      call(async () => {
        const found: OktaGroup[] = [];
        for await (const group of await users.listUserGroups({ userId })) {
          if (group) found.push(toGroup(group));
        }

        return found;
      }),
    addToGroup: (groupId, userId) => call(() => groups.assignUserToGroup({ groupId, userId })),
    removeFromGroup: (groupId, userId) =>
      call(() => groups.unassignUserFromGroup({ groupId, userId })),
  };
}

interface SdkUser {
  id?: string;
  status?: unknown;
  profile?: unknown;
}

interface SdkGroup {
  id?: string;
  type?: unknown;
  profile?: unknown;
}

function toUser(user: SdkUser): OktaUser {
  return {
    id: String(user.id),
    status: String(user.status),
    profile: { ...((user.profile ?? {}) as Record<string, unknown>) },
  };
}

function toGroup(group: SdkGroup): OktaGroup {
  const profile = (group.profile ?? {}) as { name?: string };

  return { id: String(group.id), name: String(profile.name), type: String(group.type) };
}

/** Okta's search syntax quotes with double quotes; a quote or backslash inside must be escaped. */
function escapeSearch(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

async function call<T>(run: () => Promise<T>, options?: { notFound: T }): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const failure = toCallError(error);
    if (options && failure.status === 404) return options.notFound;
    throw failure;
  }
}

function toCallError(error: unknown): OktaCallError {
  if (error instanceof OktaApiError) {
    return new OktaCallError(
      `Okta HTTP ${error.status} ${error.errorCode}: ${error.errorSummary}`,
      error.status,
      String(error.errorCode),
      error.status === 429 ? resetDelayMs(error.headers) : undefined,
    );
  }
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number' || (typeof status === 'string' && /^\d+$/.test(status))) {
    return new OktaCallError(`Okta HTTP ${status}`, Number(status), undefined);
  }
  const message = error instanceof Error ? error.message : String(error);

  // No status means the request never got an answer: a network failure.
  return new OktaCallError(`Okta unreachable: ${message}`, undefined, undefined);
}

/** Okta's reset header is epoch seconds; measure it against Okta's own clock to ignore skew. */
function resetDelayMs(
  headers: { get(name: string): string | null } | undefined,
): number | undefined {
  const reset = Number(headers?.get('x-rate-limit-reset'));
  const date = Date.parse(headers?.get('date') ?? '');
  if (!Number.isFinite(reset) || reset <= 0) return undefined;
  const now = Number.isNaN(date) ? Date.now() : date;

  return Math.max(0, reset * 1000 - now) + 1000;
}

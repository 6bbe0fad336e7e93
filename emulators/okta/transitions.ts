import { userNotFound } from './errors';
import { PUSHED_FIELDS } from './profile-rules';
import type { EmulatorCore } from './routing';
import { userLifecycleEvent, type LogCause, type UserEventType } from './system-log';
import type { Profile, UserRecord, UserStatus } from './types';

/** Whether the provisioning target should see the user as active in this status. */
export function activeForScim(status: UserStatus): boolean {
  return status !== 'SUSPENDED' && status !== 'DEPROVISIONED' && status !== 'STAGED';
}

/** Finds a user by id, login or shortname. @throws OktaFailure 404 E0000007. */
export function requireUser(core: EmulatorCore, reference: string): UserRecord {
  const user = core.store.findUser(reference);
  if (user === undefined) throw userNotFound(reference);

  return user;
}

/** Logs a user lifecycle event for the org's Event Hooks; delivery happens later, off this call. */
export function logUserEvent(
  core: EmulatorCore,
  eventType: UserEventType,
  user: UserRecord,
  cause: LogCause,
): void {
  core.hooks.publish(userLifecycleEvent(eventType, user, core.actor, cause, core.store.now()));
}

export function setStatus(core: EmulatorCore, user: UserRecord, status: UserStatus): void {
  const timestamp = core.store.now();
  if (user.status !== status) user.statusChanged = timestamp;
  user.status = status;
  user.lastUpdated = timestamp;
}

/** Activation: ACTIVE when the user can sign in already (password or external provider). */
export function activate(core: EmulatorCore, user: UserRecord): void {
  const canSignIn = user.hasPassword || user.provider.type !== 'OKTA';
  setStatus(core, user, canSignIn ? 'ACTIVE' : 'PROVISIONED');
  user.activated = user.lastUpdated;
  core.pusher.push(user, true);
}

/** Deactivation drops the password, as reaching DEPROVISIONED does in Okta; memberships stay. */
export function deactivate(core: EmulatorCore, user: UserRecord): void {
  setStatus(core, user, 'DEPROVISIONED');
  user.hasPassword = false;
  if (user.pushed) core.pusher.push(user, false);
}

export function readPassword(credentials: unknown): boolean {
  if (typeof credentials !== 'object' || credentials === null) return false;
  const password = (credentials as { password?: { value?: unknown; hash?: unknown } }).password;
  if (password === undefined || password === null) return false;

  return (typeof password.value === 'string' && password.value !== '') || !!password.hash;
}

/** Stores a validated profile, and pushes it when a mirrored field changed. */
export function applyProfile(
  core: EmulatorCore,
  user: UserRecord,
  profile: Profile,
  passwordSet: boolean,
): void {
  const mirroredChange = PUSHED_FIELDS.some((field) => user.profile[field] !== profile[field]);
  const timestamp = core.store.now();
  user.profile = { ...profile };
  user.lastUpdated = timestamp;
  if (passwordSet) {
    user.hasPassword = true;
    user.passwordChanged = timestamp;
  }
  if (user.pushed && mirroredChange) core.pusher.push(user, activeForScim(user.status));
}

/**
 * Okta activities: converge one person's Okta user and managed group memberships to the target.
 * Each reads before it writes and treats "already so" as success, so a retry or a second run
 * after a crash changes nothing that the first run already did.
 */
import { ApplicationFailure } from '@temporalio/common';
import { log } from '@temporalio/activity';

import type { OktaTargetStatus } from '../../domain/target-state';
import { OktaFailure, toOktaFailure } from './errors';
import { OKTA_OWNER_ATTRIBUTE, OktaCallError, type OktaDirectory, type OktaUser } from './port';

export interface EnsureOktaUserInput {
  hrId: string;
  /**
   * `<source>:<hrId>`, stamped on the user as `tenureOwner`: a user another person owns is never
   * adopted. Absent only in histories recorded before ownership was kept.
   */
  owner?: string;
  /** The user id found by an earlier run, if any. */
  knownUserId?: string;
  status: OktaTargetStatus;
  profile: Record<string, string>;
}

export interface OktaUserState {
  userId?: string;
  status?: string;
  login?: string;
}

export interface ReadOktaUser {
  id: string;
  status: string;
  login?: string;
}

export interface EnsureOktaGroupsInput {
  userId: string;
  groups: string[];
  managedGroups: string[];
  createMissingGroups: boolean;
  /** Remove every other Okta group too (Okta's built-in and app groups excepted): for a rehire. */
  exclusive?: boolean;
}

/** Creates the Okta activities over a directory port; the worker passes the SDK-backed one. */
export function createOktaActivities(directory: OktaDirectory) {
  async function findUser(input: EnsureOktaUserInput): Promise<OktaUser | undefined> {
    if (input.knownUserId) {
      const known = await directory.getUser(input.knownUserId);
      if (known) return known;
    }
    // Deleting is only ever done to the user this person's workflow itself created or adopted.
    if (input.status === 'ABSENT' || input.status === 'UNMANAGED') return undefined;
    const employeeNumber = input.profile.employeeNumber ?? input.hrId;
    const matches = await directory.findUsersByEmployeeNumber(employeeNumber);
    if (matches.length > 1) {
      throw ApplicationFailure.nonRetryable(
        `${matches.length} Okta users share this employeeNumber; resolve the duplicate in Okta`,
        OktaFailure.ambiguousEmployee,
        { userIds: matches.map((u) => u.id) },
      );
    }
    if (matches[0]) return requireOwnedBy(matches[0], input.owner);

    const login = input.profile.login;
    const byLogin = login ? await directory.getUser(login) : undefined;
    if (byLogin && String(byLogin.profile.employeeNumber ?? '') !== employeeNumber) {
      throw ApplicationFailure.nonRetryable(
        `The derived Okta login belongs to user ${byLogin.id}, which has another employeeNumber; ` +
          'Tenure will not take it over',
        OktaFailure.loginConflict,
        { userId: byLogin.id },
      );
    }

    return byLogin ? requireOwnedBy(byLogin, input.owner) : undefined;
  }

  /**
   * A user found by employeeNumber or login may be adopted only if no other Tenure person owns
   * it: otherwise any HR source could take over anyone's account by naming their number.
   */
  function requireOwnedBy(user: OktaUser, owner: string | undefined): OktaUser {
    const claimed = user.profile[OKTA_OWNER_ATTRIBUTE];
    if (owner === undefined || claimed === undefined || claimed === null || claimed === '') {
      return user;
    }
    if (String(claimed) !== owner) {
      throw ApplicationFailure.nonRetryable(
        `Okta user ${user.id} belongs to another Tenure person (${String(claimed)}); Tenure ` +
          'will not take it over. Give this person a distinct employeeNumber, or retire the other',
        OktaFailure.ownedByAnother,
        { userId: user.id },
      );
    }

    return user;
  }

  /**
   * Makes the person's Okta user exist with this profile and status, or not exist for `ABSENT`.
   * Adopts a user found by employeeNumber, or by login when its employeeNumber matches.
   * A second run finds the user and only fixes what still differs.
   */
  async function ensureOktaUser(input: EnsureOktaUserInput): Promise<OktaUserState> {
    const profile = input.owner
      ? { ...input.profile, [OKTA_OWNER_ATTRIBUTE]: input.owner }
      : input.profile;
    // Access is taken away before anything else: a profile Okta refuses (a login another user
    // holds, say) must not keep a leaver or someone on leave signed in.
    const losingAccess = ['ABSENT', 'DEPROVISIONED', 'SUSPENDED'].includes(input.status);
    try {
      let user = await findUser(input);
      if (!user) {
        if (['ABSENT', 'DEPROVISIONED', 'UNMANAGED'].includes(input.status)) return {};
        user = await directory.createStagedUser(profile);
        log.info('okta user created', { userId: user.id });
      } else if (!losingAccess && user.status !== 'DEPROVISIONED') {
        user = await updateChangedProfile(user, profile);
      }

      const status = await driveStatus(user, input.status);
      if (input.status === 'SUSPENDED' && status === 'SUSPENDED') {
        user = await updateChangedProfile(user, profile);
      }

      // The login Okta holds, never the one asked for: the AWS user is found by it, and a
      // profile Okta has not taken yet must not lead to someone else's AWS user.
      const login = typeof user.profile.login === 'string' ? user.profile.login : undefined;

      return status === 'DELETED' ? {} : { userId: user.id, status, ...(login ? { login } : {}) };
    } catch (error) {
      throw toOktaFailure(error, 'ensureOktaUser');
    }
  }

  /** Writes what differs; returns the user as it now stands. */
  async function updateChangedProfile(
    user: OktaUser,
    profile: Record<string, string>,
  ): Promise<OktaUser> {
    const changed = Object.entries(profile).filter(([k, v]) => String(user.profile[k] ?? '') !== v);
    if (changed.length === 0) return user;
    await directory.updateProfile(user.id, Object.fromEntries(changed));
    log.info('okta profile updated', { userId: user.id, attributes: changed.map(([k]) => k) });

    return { ...user, profile: { ...user.profile, ...Object.fromEntries(changed) } };
  }

  /** Moves the user one legal Okta transition at a time to the target; returns the final status. */
  async function driveStatus(user: OktaUser, target: OktaTargetStatus): Promise<string> {
    const id = user.id;
    const current = user.status;
    switch (target) {
      case 'UNMANAGED':
        return current;
      case 'STAGED':
        // Okta cannot go back to STAGED; a rehire before day one stays deactivated until then.
        return current;
      case 'ACTIVE':
        if (current === 'STAGED' || current === 'DEPROVISIONED') {
          await tolerate(() => directory.activate(id), 403);
          log.info('okta user activated', { userId: id });
        } else if (current === 'SUSPENDED') {
          await tolerate(() => directory.unsuspend(id), 400);
          log.info('okta user unsuspended', { userId: id });
        }

        return (await directory.getUser(id))?.status ?? current;
      case 'SUSPENDED':
        if (current === 'ACTIVE') {
          await tolerate(() => directory.suspend(id), 400);
          log.info('okta user suspended', { userId: id });

          return 'SUSPENDED';
        }
        // Okta suspends only ACTIVE users; one who has not signed in yet (PROVISIONED, STAGED)
        // keeps that status and loses access through groups and AWS instead.
        return current;
      case 'DEPROVISIONED':
        if (current !== 'DEPROVISIONED') {
          await directory.revokeSessions(id);
          await tolerate(() => directory.deactivate(id), 404);
          log.info('okta user deactivated', { userId: id });
        }

        return 'DEPROVISIONED';
      case 'ABSENT':
        // The first DELETE deactivates, the second removes; a 404 means it is already gone.
        if (current !== 'DEPROVISIONED') await tolerate(() => directory.deleteUser(id), 404);
        await tolerate(() => directory.deleteUser(id), 404);
        log.info('okta user deleted', { userId: id });

        return 'DELETED';
    }
  }

  /**
   * Runs a transition whose refusal with `status` means a previous attempt already made it (the
   * answer was lost); the caller re-reads the user to learn where it stands.
   */
  async function tolerate(run: () => Promise<void>, status: number): Promise<void> {
    try {
      await run();
    } catch (error) {
      if (!(error instanceof OktaCallError) || error.status !== status) throw error;
    }
  }

  /**
   * Makes the user a member of exactly `groups` among `managedGroups` (among all Okta groups when
   * `exclusive`); other groups are left alone. Returns the managed groups the user is in afterwards. A second run finds nothing to do.
   */
  async function ensureOktaGroups(input: EnsureOktaGroupsInput): Promise<string[]> {
    try {
      const current = await directory.listUserGroups(input.userId);
      const currentNames = new Set(current.map((g) => g.name));
      const wanted = new Set(input.groups);

      for (const name of input.groups) {
        if (currentNames.has(name)) continue;
        const group = await resolveGroup(name, input.createMissingGroups);
        await directory.addToGroup(group.id, input.userId);
        log.info('okta group membership added', { userId: input.userId, groupId: group.id });
      }
      for (const group of current) {
        if (wanted.has(group.name) || group.type !== 'OKTA_GROUP') continue;
        if (!input.exclusive && !input.managedGroups.includes(group.name)) continue;
        await directory.removeFromGroup(group.id, input.userId);
        log.info('okta group membership removed', { userId: input.userId, groupId: group.id });
      }

      return [...wanted].sort();
    } catch (error) {
      throw toOktaFailure(error, 'ensureOktaGroups');
    }
  }

  async function resolveGroup(name: string, createMissing: boolean) {
    const found = await directory.findGroupByName(name);
    if (found) return found;
    if (!createMissing) {
      throw ApplicationFailure.nonRetryable(
        `The policy grants Okta group "${name}", which does not exist`,
        OktaFailure.groupMissing,
      );
    }
    try {
      return await directory.createGroup(name);
    } catch (error) {
      // Another person's workflow may have created it a moment ago.
      const again = await directory.findGroupByName(name);
      if (again) return again;
      throw error;
    }
  }

  /**
   * The Okta user's status and login as Okta holds them now, or null when no user has that id
   * or login (deleted). Reads only: the directory-user workflow acts on this, never on the event that
   * woke it, which may be late or out of order.
   */
  async function readOktaUser(
    input: { userId: string } | { login: string },
  ): Promise<ReadOktaUser | null> {
    try {
      const user = await directory.getUser('userId' in input ? input.userId : input.login);
      if (!user) return null;
      const login = typeof user.profile.login === 'string' ? user.profile.login : undefined;

      return { id: user.id, status: user.status, ...(login ? { login } : {}) };
    } catch (error) {
      throw toOktaFailure(error, 'readOktaUser');
    }
  }

  return { ensureOktaUser, ensureOktaGroups, readOktaUser };
}

export type OktaActivities = ReturnType<typeof createOktaActivities>;

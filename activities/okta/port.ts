/**
 * The Okta port: the few directory operations Tenure needs, in the project's own terms. The
 * SDK-backed implementation lives in `sdk-directory.ts`; tests may supply any other.
 */

/**
 * The custom profile attribute (a string, added to the Okta user schema once) in which Tenure
 * records which person owns a user: `<source>:<hrId>`. Ids only, no personal data.
 */
export const OKTA_OWNER_ATTRIBUTE = 'tenureOwner';

export interface OktaUser {
  id: string;
  status: string;
  profile: Record<string, unknown>;
}

export interface OktaGroup {
  id: string;
  name: string;
  type: string;
}

export interface OktaDirectory {
  /** Undefined when no user has that id or login. */
  getUser(idOrLogin: string): Promise<OktaUser | undefined>;
  findUsersByEmployeeNumber(employeeNumber: string): Promise<OktaUser[]>;
  /** Creates the user STAGED: no activation email, no password. */
  createStagedUser(profile: Record<string, string>): Promise<OktaUser>;
  /** Partial update: attributes not named are left as they are. */
  updateProfile(userId: string, profile: Record<string, string>): Promise<void>;
  activate(userId: string): Promise<void>;
  suspend(userId: string): Promise<void>;
  unsuspend(userId: string): Promise<void>;
  deactivate(userId: string): Promise<void>;
  /** Removes a DEPROVISIONED user for good. */
  deleteUser(userId: string): Promise<void>;
  /** Ends sessions and revokes OAuth tokens. */
  revokeSessions(userId: string): Promise<void>;
  findGroupByName(name: string): Promise<OktaGroup | undefined>;
  createGroup(name: string): Promise<OktaGroup>;
  listUserGroups(userId: string): Promise<OktaGroup[]>;
  addToGroup(groupId: string, userId: string): Promise<void>;
  removeFromGroup(groupId: string, userId: string): Promise<void>;
}

/** An Okta call that did not succeed, as the port reports it. */
export class OktaCallError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly errorCode: string | undefined,
    /** For a 429: milliseconds until the rate-limit window resets. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'OktaCallError';
  }
}

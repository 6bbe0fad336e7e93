import { randomBytes, randomUUID } from 'node:crypto';

/** The user fields the Okta emulator pushes, as SCIM would carry them. */
export interface ScimUserInput {
  externalId: string;
  userName: string;
  givenName?: string;
  familyName?: string;
  displayName?: string;
  email?: string;
  active?: boolean;
}

export interface ScimGroupInput {
  externalId?: string;
  displayName: string;
  description?: string;
  memberExternalIds?: string[];
}

export interface DirectoryUser extends Omit<ScimUserInput, 'active'> {
  userId: string;
  active: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface GroupMembership {
  membershipId: string;
  createdAt: number;
}

export interface DirectoryGroup {
  groupId: string;
  externalId?: string;
  displayName: string;
  description?: string;
  members: Map<string, GroupMembership>;
  createdAt: number;
  updatedAt: number;
}

export interface Directory {
  users: Map<string, DirectoryUser>;
  groups: Map<string, DirectoryGroup>;
}

/** A refused admin write, with an `area.reason` code and the HTTP status to answer. */
export class DirectoryError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const USER_STRING_FIELDS = ['givenName', 'familyName', 'displayName', 'email'] as const;

export function createDirectory(): Directory {
  return { users: new Map(), groups: new Map() };
}

/** Identity Center ids are 10 hex digits, a dash and a UUID. */
export function newIdentityStoreId(): string {
  return `${randomBytes(5).toString('hex')}-${randomUUID()}`;
}

export function nowSeconds(): number {
  return Date.now() / 1000;
}

export function parseScimUser(input: unknown): ScimUserInput {
  const record = asRecord(input, 'scim.invalid_user');
  for (const key of ['externalId', 'userName'] as const) {
    if (typeof record[key] !== 'string' || record[key] === '') {
      throw new DirectoryError('scim.invalid_user', `${key} must be a non-empty string`, 400);
    }
  }
  for (const key of USER_STRING_FIELDS) {
    if (record[key] !== undefined && typeof record[key] !== 'string') {
      throw new DirectoryError('scim.invalid_user', `${key} must be a string`, 400);
    }
  }
  if (record.active !== undefined && typeof record.active !== 'boolean') {
    throw new DirectoryError('scim.invalid_user', 'active must be a boolean', 400);
  }

  return record as unknown as ScimUserInput;
}

export function parseScimGroup(input: unknown): ScimGroupInput {
  const record = asRecord(input, 'scim.invalid_group');
  if (typeof record.displayName !== 'string' || record.displayName === '') {
    throw new DirectoryError('scim.invalid_group', 'displayName must be a non-empty string', 400);
  }
  const members = record.memberExternalIds;
  if (members !== undefined && !(Array.isArray(members) && members.every(isString))) {
    throw new DirectoryError('scim.invalid_group', 'memberExternalIds must be strings', 400);
  }

  return record as unknown as ScimGroupInput;
}

/** Creates or updates the user with this externalId; a renamed user keeps its UserId. */
export function upsertUser(directory: Directory, input: ScimUserInput): DirectoryUser {
  const existing = findUser(directory, (user) => user.externalId === input.externalId);
  const clash = findUser(directory, (user) => sameText(user.userName, input.userName));
  if (clash !== undefined && clash !== existing) {
    throw new DirectoryError('scim.user_name_taken', 'userName belongs to another user', 409);
  }

  const now = nowSeconds();
  const user: DirectoryUser = {
    userId: existing?.userId ?? newIdentityStoreId(),
    externalId: input.externalId,
    userName: input.userName,
    active: input.active ?? true,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  // Pushers send '' for a profile field they lack; Identity Center stores no empty attributes.
  for (const key of USER_STRING_FIELDS) {
    const value = input[key]?.trim();
    if (value !== undefined && value !== '') user[key] = value;
  }
  directory.users.set(user.userId, user);

  return user;
}

/** Creates or updates a group keyed by externalId (else displayName) and replaces its members. */
export function upsertGroup(directory: Directory, input: ScimGroupInput): DirectoryGroup {
  const key = (group: DirectoryGroup): boolean =>
    input.externalId !== undefined
      ? group.externalId === input.externalId
      : sameText(group.displayName, input.displayName);
  const existing = [...directory.groups.values()].find(key);
  const memberIds = (input.memberExternalIds ?? []).map((externalId) => {
    const user = findUser(directory, (candidate) => candidate.externalId === externalId);
    if (user === undefined) {
      throw new DirectoryError('scim.unknown_member', 'a member externalId has no user', 400);
    }

    return user.userId;
  });

  const now = nowSeconds();
  const members = new Map<string, GroupMembership>();
  for (const userId of memberIds) {
    const kept = existing?.members.get(userId);
    members.set(userId, kept ?? { membershipId: newIdentityStoreId(), createdAt: now });
  }
  const group: DirectoryGroup = {
    groupId: existing?.groupId ?? newIdentityStoreId(),
    displayName: input.displayName,
    members,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  if (input.externalId !== undefined) group.externalId = input.externalId;
  if (input.description !== undefined) group.description = input.description;
  directory.groups.set(group.groupId, group);

  return group;
}

export function findUser(
  directory: Directory,
  predicate: (user: DirectoryUser) => boolean,
): DirectoryUser | undefined {
  return [...directory.users.values()].find(predicate);
}

/** User names and e-mail addresses are matched without regard to letter case. */
export function sameText(left: string | undefined, right: string): boolean {
  return left !== undefined && left.toLowerCase() === right.toLowerCase();
}

function asRecord(input: unknown, code: string): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new DirectoryError(code, 'body must be a JSON object', 400);
  }

  return input as Record<string, unknown>;
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

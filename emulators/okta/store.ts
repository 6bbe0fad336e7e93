import { createClock, newId } from './ids';
import type { GroupRecord, UserRecord } from './types';

/** Compares logins as Okta does: ignoring letter case and diacritics. */
export function loginKey(login: string): string {
  return login
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** The emulated org: users, groups, memberships and the counters the admin state reports. */
export class OktaStore {
  readonly now = createClock();
  readonly userTypeId = newId('oty');
  readonly schemaId = newId('osc');
  users = new Map<string, UserRecord>();
  groups = new Map<string, GroupRecord>();
  /** Sequence of every id ever issued, so a cursor still works after its user is deleted. */
  private cursors = new Map<string, number>();
  private nextSeq = 1;
  sessionsRevoked = new Map<string, number>();
  oauthTokensRevoked = new Map<string, number>();

  constructor(private readonly seedGroups: string[]) {
    this.seed();
  }

  reset(): void {
    this.users.clear();
    this.groups.clear();
    this.cursors.clear();
    this.sessionsRevoked.clear();
    this.oauthTokensRevoked.clear();
    this.seed();
  }

  issueSeq(id: string): number {
    const seq = this.nextSeq;
    this.nextSeq += 1;
    this.cursors.set(id, seq);

    return seq;
  }

  cursorSeq(cursor: string): number | undefined {
    return this.cursors.get(cursor);
  }

  /** Finds a user by id, by login, or by the part of a login before `@` when only one matches. */
  findUser(reference: string): UserRecord | undefined {
    const byId = this.users.get(reference);
    if (byId !== undefined) return byId;
    const key = loginKey(reference);
    const all = [...this.users.values()];
    const byLogin = all.find((user) => loginKey(String(user.profile.login)) === key);
    if (byLogin !== undefined || key.includes('@')) return byLogin;
    const byShortName = all.filter(
      (user) => loginKey(String(user.profile.login)).split('@')[0] === key,
    );

    return byShortName.length === 1 ? byShortName[0] : undefined;
  }

  loginTaken(login: string, exceptId?: string): boolean {
    const key = loginKey(login);

    return [...this.users.values()].some(
      (user) => user.id !== exceptId && loginKey(String(user.profile.login)) === key,
    );
  }

  groupNameTaken(name: string, exceptId?: string): boolean {
    const key = name.toLowerCase();

    return [...this.groups.values()].some(
      (group) => group.id !== exceptId && group.profile.name.toLowerCase() === key,
    );
  }

  isMember(group: GroupRecord, userId: string): boolean {
    return group.type === 'BUILT_IN' || group.members.has(userId);
  }

  addGroup(
    name: string,
    description: string | null,
    type: GroupRecord['type'] = 'OKTA_GROUP',
  ): GroupRecord {
    const id = newId('00g');
    const timestamp = this.now();
    const group: GroupRecord = {
      id,
      seq: this.issueSeq(id),
      type,
      created: timestamp,
      lastUpdated: timestamp,
      lastMembershipUpdated: timestamp,
      profile: { name, description },
      members: new Set(),
    };
    this.groups.set(id, group);

    return group;
  }

  /** Removes a user for good with its memberships; revocation counts stay for the state. */
  removeUser(userId: string): void {
    this.users.delete(userId);
    for (const group of this.groups.values()) group.members.delete(userId);
  }

  private seed(): void {
    this.addGroup('Everyone', 'All users in your organization', 'BUILT_IN');
    for (const name of this.seedGroups) {
      if (!this.groupNameTaken(name)) this.addGroup(name, null);
    }
  }
}

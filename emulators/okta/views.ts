import type { OktaStore } from './store';
import type { GroupRecord, UserRecord, UserStatus } from './types';

type Link = { href: string; method?: 'POST' };

const LIFECYCLE_LINKS: Record<string, string> = {
  activate: 'lifecycle/activate',
  reactivate: 'lifecycle/reactivate',
  deactivate: 'lifecycle/deactivate',
  suspend: 'lifecycle/suspend',
  unsuspend: 'lifecycle/unsuspend',
  unlock: 'lifecycle/unlock',
  resetPassword: 'lifecycle/reset_password',
  expirePassword: 'lifecycle/expire_password',
  resetFactors: 'lifecycle/reset_factors',
  forgotPassword: 'credentials/forgot_password',
  changePassword: 'credentials/change_password',
  changeRecoveryQuestion: 'credentials/change_recovery_question',
};

// Link sets per status as the recorded org sent them; statuses it did not record follow the
// operations the lifecycle table allows from them.
const LINKS_BY_STATUS: Record<UserStatus, string[]> = {
  STAGED: ['activate', 'resetFactors'],
  PROVISIONED: ['reactivate', 'resetFactors', 'deactivate'],
  ACTIVE: [
    'suspend',
    'resetPassword',
    'forgotPassword',
    'expirePassword',
    'changeRecoveryQuestion',
    'resetFactors',
    'changePassword',
    'deactivate',
  ],
  RECOVERY: ['reactivate', 'resetPassword', 'expirePassword', 'resetFactors', 'deactivate'],
  PASSWORD_EXPIRED: ['resetPassword', 'expirePassword', 'resetFactors', 'deactivate'],
  LOCKED_OUT: ['unlock', 'resetPassword', 'expirePassword', 'resetFactors', 'deactivate'],
  SUSPENDED: ['unsuspend', 'resetFactors', 'deactivate'],
  DEPROVISIONED: ['activate'],
};

function userLinks(user: UserRecord, store: OktaStore, base: string): Record<string, Link> {
  const self = `${base}/api/v1/users/${user.id}`;
  const links: Record<string, Link> = {
    schema: { href: `${base}/api/v1/meta/schemas/user/${store.schemaId}` },
    self: { href: self },
    type: { href: `${base}/api/v1/meta/types/user/${store.userTypeId}` },
  };
  for (const name of LINKS_BY_STATUS[user.status]) {
    links[name] = { href: `${self}/${LIFECYCLE_LINKS[name] as string}`, method: 'POST' };
  }

  return links;
}

/** A user as Okta renders it; inside collections `_links` holds only `self`. */
export function renderUser(
  user: UserRecord,
  store: OktaStore,
  base: string,
  inCollection = false,
): Record<string, unknown> {
  const { firstName, lastName, login, email, ...rest } = user.profile;
  const credentials = {
    ...(user.hasPassword ? { password: {} } : {}),
    emails: [{ value: email, status: 'VERIFIED', type: 'PRIMARY' }],
    provider: { ...user.provider },
  };

  return {
    id: user.id,
    status: user.status,
    created: user.created,
    activated: user.activated,
    statusChanged: user.statusChanged,
    lastLogin: null,
    lastUpdated: user.lastUpdated,
    passwordChanged: user.passwordChanged,
    type: { id: store.userTypeId },
    profile: {
      firstName,
      lastName,
      mobilePhone: null,
      secondEmail: null,
      ...rest,
      login,
      email,
    },
    credentials,
    _links: inCollection
      ? { self: { href: `${base}/api/v1/users/${user.id}` } }
      : userLinks(user, store, base),
  };
}

export function renderGroup(group: GroupRecord, base: string): Record<string, unknown> {
  const logo = (size: string) => ({
    name: size,
    href: `${base}/assets/img/logos/groups/okta-${size}.png`,
    type: 'image/png',
  });

  return {
    id: group.id,
    created: group.created,
    lastUpdated: group.lastUpdated,
    lastMembershipUpdated: group.lastMembershipUpdated,
    objectClass: ['okta:user_group'],
    type: group.type,
    profile: { ...group.profile },
    _links: {
      logo: [logo('medium'), logo('large')],
      users: { href: `${base}/api/v1/groups/${group.id}/users` },
      apps: { href: `${base}/api/v1/groups/${group.id}/apps` },
    },
  };
}

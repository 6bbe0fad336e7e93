import { OktaFailure, userNotFound } from './errors';
import { bodyObject, queryFlag, type Reply } from './http-io';
import { newId } from './ids';
import { paginate } from './pagination';
import { assertValidProfile } from './profile-rules';
import { param, route, type EmulatorCore, type Route, type RouteContext } from './routing';
import {
  applySearchAndFilter,
  readUserAttribute,
  userFilterRules,
  userSearchRules,
} from './search-rules';
import { applyProfile, deactivate, logUserEvent, readPassword, requireUser } from './transitions';
import type { UserRecord, UserStatus } from './types';
import { renderGroup, renderUser } from './views';

const Q_DEFAULT_LIMIT = 10;
const USER_PAGE = { defaultLimit: 200, maxLimit: 200 };
const EXPIRE_ON_CREATE = 'Could not create user. To create a user and expire their password';

interface CreateOptions {
  activate: boolean;
  federated: boolean;
  expirePassword: boolean;
  hasPassword: boolean;
}

/** The create-user table: only an activated user with a way to sign in starts ACTIVE. */
function initialStatus(options: CreateOptions): UserStatus {
  if (!options.activate) return 'STAGED';
  if (options.expirePassword) return 'PASSWORD_EXPIRED';

  return options.hasPassword || options.federated ? 'ACTIVE' : 'PROVISIONED';
}

function readCreateOptions(context: RouteContext, credentials: unknown): CreateOptions {
  const options = {
    activate: queryFlag(context.query, 'activate', true),
    federated: queryFlag(context.query, 'provider', false),
    expirePassword: context.query.get('nextLogin') !== null,
    hasPassword: readPassword(credentials),
  };
  if (options.expirePassword && !options.activate) {
    const summary = `${EXPIRE_ON_CREATE} immediately, \`activate\` must be true.`;
    throw new OktaFailure(400, 'E0000125', summary);
  }
  if (options.expirePassword && !options.hasPassword) {
    const summary = `${EXPIRE_ON_CREATE} immediately, a password must be specified.`;
    throw new OktaFailure(400, 'E0000124', summary);
  }

  return options;
}

function createUser(core: EmulatorCore, context: RouteContext): Reply {
  const { store } = core;
  const body = bodyObject(context.body);
  const options = readCreateOptions(context, body.credentials);
  assertValidProfile(body.profile, core.knownAttributes, store);

  const status = initialStatus(options);
  const requested = (body.credentials as { provider?: { type?: string; name?: string } })?.provider;
  const provider = options.federated
    ? { type: requested?.type ?? 'FEDERATION', name: requested?.name ?? 'FEDERATION' }
    : { type: 'OKTA', name: 'OKTA' };
  const { hasPassword } = options;
  const id = newId('00u');
  const timestamp = store.now();
  const user: UserRecord = {
    id,
    seq: store.issueSeq(id),
    status,
    created: timestamp,
    activated: status === 'STAGED' ? null : timestamp,
    statusChanged: timestamp,
    lastUpdated: timestamp,
    passwordChanged: hasPassword ? timestamp : null,
    profile: { ...body.profile },
    hasPassword,
    provider,
    pushed: false,
  };
  store.users.set(id, user);
  logUserEvent(core, 'user.lifecycle.create', user, context);
  if (status !== 'STAGED') {
    core.pusher.push(user, true);
    logUserEvent(core, 'user.lifecycle.activate', user, context);
  }

  return { status: 200, body: renderUser(user, store, context.base) };
}

function listUsers(core: EmulatorCore, context: RouteContext): Reply {
  const { store } = core;
  const search = context.query.get('search');
  const filter = context.query.get('filter');
  const q = context.query.get('q');
  let users = applySearchAndFilter(
    [...store.users.values()].sort((a, b) => a.seq - b.seq),
    context.query,
    { search: userSearchRules, filter: userFilterRules },
    (user, attribute) => readUserAttribute(user, store.userTypeId, attribute),
  );
  // Only search and filter reach DEPROVISIONED users; a plain list and q leave them out.
  if (search === null && filter === null) {
    users = users.filter((user) => user.status !== 'DEPROVISIONED');
  }
  const render = (user: UserRecord) => renderUser(user, store, context.base, true);

  if (q !== null) {
    const prefix = q.toLowerCase();
    const found = users.filter((user) =>
      ['firstName', 'lastName', 'email'].some((field) =>
        String(user.profile[field] ?? '')
          .toLowerCase()
          .startsWith(prefix),
      ),
    );
    const limit = Number.parseInt(context.query.get('limit') ?? '', 10) || Q_DEFAULT_LIMIT;

    return { status: 200, body: found.slice(0, limit).map(render) };
  }
  const page = paginate(users, context, USER_PAGE, store);

  return { status: 200, body: page.items.map(render), headers: { Link: page.links } };
}

function updateUser(core: EmulatorCore, context: RouteContext, replace: boolean): Reply {
  const reference = param(context, 'userId');
  const user = requireUser(core, reference);
  // Okta refuses profile writes to DEPROVISIONED users unless an org setting allows them.
  if (user.status === 'DEPROVISIONED') throw userNotFound(reference);
  const body = bodyObject(context.body);
  const incoming = typeof body.profile === 'object' && body.profile !== null ? body.profile : {};

  const profile = replace ? { ...incoming } : { ...user.profile, ...incoming };
  assertValidProfile(profile, core.knownAttributes, core.store, user.id);
  applyProfile(core, user, profile, readPassword(body.credentials));

  return { status: 200, body: renderUser(user, core.store, context.base) };
}

function deleteUser(core: EmulatorCore, context: RouteContext): Reply {
  const user = requireUser(core, param(context, 'userId'));
  // The first DELETE deactivates, and logs as a deactivation; the second removes for good.
  if (user.status === 'DEPROVISIONED') {
    logUserEvent(core, 'user.lifecycle.delete.initiated', user, context);
    core.store.removeUser(user.id);
  } else {
    deactivate(core, user);
    logUserEvent(core, 'user.lifecycle.deactivate', user, context);
  }

  return { status: 204 };
}

function revokeSessions(core: EmulatorCore, context: RouteContext): Reply {
  const { store } = core;
  const user = requireUser(core, param(context, 'userId'));
  store.sessionsRevoked.set(user.id, (store.sessionsRevoked.get(user.id) ?? 0) + 1);
  if (queryFlag(context.query, 'oauthTokens', false)) {
    store.oauthTokensRevoked.set(user.id, (store.oauthTokensRevoked.get(user.id) ?? 0) + 1);
  }

  return { status: 204 };
}

function listUserGroups(core: EmulatorCore, context: RouteContext): Reply {
  const { store } = core;
  const user = requireUser(core, param(context, 'userId'));
  const groups = [...store.groups.values()]
    .filter((group) => store.isMember(group, user.id))
    .sort((a, b) => a.seq - b.seq);
  const page = paginate(groups, context, USER_PAGE, store);

  return {
    status: 200,
    body: page.items.map((group) => renderGroup(group, context.base)),
    headers: { Link: page.links },
  };
}

/** Routes for creating, reading, listing, updating and deleting users. */
export function userRoutes(core: EmulatorCore): Route[] {
  const getUser = (context: RouteContext): Reply => {
    const user = requireUser(core, param(context, 'userId'));

    return { status: 200, body: renderUser(user, core.store, context.base) };
  };

  return [
    route('POST', '/users', 'users', (context) => createUser(core, context)),
    route('GET', '/users', 'users', (context) => listUsers(core, context)),
    route('GET', '/users/:userId', 'user', getUser),
    route('POST', '/users/:userId', 'user', (context) => updateUser(core, context, false)),
    route('PUT', '/users/:userId', 'user', (context) => updateUser(core, context, true)),
    route('DELETE', '/users/:userId', 'user', (context) => deleteUser(core, context)),
    route('DELETE', '/users/:userId/sessions', 'user', (context) => revokeSessions(core, context)),
    route('GET', '/users/:userId/groups', 'user', (context) => listUserGroups(core, context)),
  ];
}

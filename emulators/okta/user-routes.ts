import { OktaFailure, userNotFound } from './errors';
import { matches, parseExpression } from './expression';
import { bodyObject, queryFlag, type Reply } from './http-io';
import { newId } from './ids';
import { paginate } from './pagination';
import { assertValidProfile } from './profile-rules';
import { param, route, type EmulatorCore, type Route, type RouteContext } from './routing';
import { readUserAttribute, userFilterRules, userSearchRules } from './search-rules';
import { applyProfile, deactivate, readPassword, requireUser } from './transitions';
import type { UserRecord, UserStatus } from './types';
import { renderGroup, renderUser } from './views';

const Q_DEFAULT_LIMIT = 10;
const USER_PAGE = { defaultLimit: 200, maxLimit: 200 };

function createUser(core: EmulatorCore, context: RouteContext): Reply {
  const { store } = core;
  const body = bodyObject(context.body);
  const activate = queryFlag(context.query, 'activate', true);
  const federated = queryFlag(context.query, 'provider', false);
  const nextLogin = context.query.get('nextLogin');
  const hasPassword = readPassword(body.credentials);

  if (nextLogin !== null && !activate) {
    throw new OktaFailure(400, 'E0000125', 'Could not create user. To create a user and expire ' +
      'their password immediately, `activate` must be true.');
  }
  if (nextLogin !== null && !hasPassword) {
    throw new OktaFailure(400, 'E0000124', 'Could not create user. To create a user and expire ' +
      'their password immediately, a password must be specified.');
  }
  assertValidProfile(body.profile, core.knownAttributes, store);

  const status: UserStatus = !activate
    ? 'STAGED'
    : nextLogin !== null
      ? 'PASSWORD_EXPIRED'
      : hasPassword || federated
        ? 'ACTIVE'
        : 'PROVISIONED';
  const requested = (body.credentials as { provider?: { type?: string; name?: string } })?.provider;
  const provider = federated
    ? { type: requested?.type ?? 'FEDERATION', name: requested?.name ?? 'FEDERATION' }
    : { type: 'OKTA', name: 'OKTA' };
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
  if (status !== 'STAGED') core.pusher.push(user, true);

  return { status: 200, body: renderUser(user, store, context.base) };
}

function listUsers(core: EmulatorCore, context: RouteContext): Reply {
  const { store } = core;
  const search = context.query.get('search');
  const filter = context.query.get('filter');
  const q = context.query.get('q');
  let users = [...store.users.values()].sort((a, b) => a.seq - b.seq);

  for (const [text, rules] of [
    [search, userSearchRules],
    [filter, userFilterRules],
  ] as const) {
    if (text === null) continue;
    const expression = parseExpression(text, rules);
    users = users.filter((user) =>
      matches(expression, (name) => readUserAttribute(user, store.userTypeId, name), rules),
    );
  }
  // Only search and filter reach DEPROVISIONED users; a plain list and q leave them out.
  if (search === null && filter === null) {
    users = users.filter((user) => user.status !== 'DEPROVISIONED');
  }
  const render = (user: UserRecord) => renderUser(user, store, context.base, true);

  if (q !== null) {
    const prefix = q.toLowerCase();
    const found = users.filter((user) =>
      ['firstName', 'lastName', 'email'].some((field) =>
        String(user.profile[field] ?? '').toLowerCase().startsWith(prefix),
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
  if (user.status === 'DEPROVISIONED') core.store.removeUser(user.id);
  else deactivate(core, user);

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

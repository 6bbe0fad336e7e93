import { groupNotFound, OktaFailure, validationFailed } from './errors';
import { bodyObject, type Reply } from './http-io';
import { paginate } from './pagination';
import { param, route, type EmulatorCore, type Route, type RouteContext } from './routing';
import {
  applySearchAndFilter,
  groupFilterRules,
  groupSearchRules,
  readGroupAttribute,
} from './search-rules';
import { requireUser } from './transitions';
import type { GroupRecord } from './types';
import { renderGroup, renderUser } from './views';

const Q_DEFAULT_LIMIT = 300;
const ALREADY_EXISTS = 'An object with this field already exists in the current organization';

function requireGroup(core: EmulatorCore, context: RouteContext): GroupRecord {
  const groupId = param(context, 'groupId');
  const group = core.store.groups.get(groupId);
  if (group === undefined) throw groupNotFound(groupId);

  return group;
}

function readGroupProfile(core: EmulatorCore, body: unknown, exceptId?: string) {
  const profile = bodyObject(body).profile as { name?: unknown; description?: unknown } | undefined;
  const name = typeof profile?.name === 'string' ? profile.name.trim() : '';
  if (name === '') {
    throw validationFailed([{ field: 'name', message: 'The field cannot be left blank' }]);
  }
  // Okta does not document duplicate names; refusing them keeps group lookups by name unambiguous.
  if (core.store.groupNameTaken(name, exceptId)) {
    throw validationFailed([{ field: 'name', message: ALREADY_EXISTS }]);
  }
  const description = typeof profile?.description === 'string' ? profile.description : null;

  return { name, description };
}

function refuseBuiltIn(group: GroupRecord, failure: () => OktaFailure): void {
  if (group.type !== 'OKTA_GROUP') throw failure();
}

const forbidden = () =>
  new OktaFailure(403, 'E0000006', 'You do not have permission to perform the requested action');
// Okta Workflows documents 501 Not Implemented for membership changes on Everyone.
const unsupported = () => new OktaFailure(501, 'E0000060', 'Unsupported operation.');

function listGroups(core: EmulatorCore, context: RouteContext): Reply {
  const { query, base } = context;
  const groups = applySearchAndFilter(
    [...core.store.groups.values()].sort((a, b) => a.seq - b.seq),
    query,
    { search: groupSearchRules, filter: groupFilterRules },
    readGroupAttribute,
  );

  const q = query.get('q');
  if (q !== null) {
    const limit = Number.parseInt(query.get('limit') ?? '', 10) || Q_DEFAULT_LIMIT;
    const found = groups.filter((group) =>
      group.profile.name.toLowerCase().startsWith(q.toLowerCase()),
    );

    return { status: 200, body: found.slice(0, limit).map((group) => renderGroup(group, base)) };
  }
  const page = paginate(groups, context, { defaultLimit: 10000, maxLimit: 10000 }, core.store);

  return {
    status: 200,
    body: page.items.map((group) => renderGroup(group, base)),
    headers: { Link: page.links },
  };
}

function listMembers(core: EmulatorCore, context: RouteContext): Reply {
  const { store } = core;
  const group = requireGroup(core, context);
  const members = [...store.users.values()]
    .filter((user) => store.isMember(group, user.id))
    .sort((a, b) => a.seq - b.seq);
  const page = paginate(members, context, { defaultLimit: 1000, maxLimit: 10000 }, store);

  return {
    status: 200,
    body: page.items.map((user) => renderUser(user, store, context.base, true)),
    headers: { Link: page.links },
  };
}

function changeMembership(core: EmulatorCore, context: RouteContext, add: boolean): Reply {
  const group = requireGroup(core, context);
  const user = requireUser(core, param(context, 'userId'));
  refuseBuiltIn(group, unsupported);

  const changed = add ? !group.members.has(user.id) : group.members.has(user.id);
  if (add) group.members.add(user.id);
  else group.members.delete(user.id);
  if (changed) group.lastMembershipUpdated = core.store.now();

  return { status: 204 };
}

function replaceGroup(core: EmulatorCore, context: RouteContext): Reply {
  const group = requireGroup(core, context);
  refuseBuiltIn(group, forbidden);
  group.profile = readGroupProfile(core, context.body, group.id);
  group.lastUpdated = core.store.now();

  return { status: 200, body: renderGroup(group, context.base) };
}

function deleteGroup(core: EmulatorCore, context: RouteContext): Reply {
  const group = requireGroup(core, context);
  refuseBuiltIn(group, forbidden);
  core.store.groups.delete(group.id);

  return { status: 204 };
}

/** Routes for OKTA_GROUP groups and their memberships; the BUILT_IN Everyone group is read-only. */
export function groupRoutes(core: EmulatorCore): Route[] {
  const create = (context: RouteContext): Reply => {
    const profile = readGroupProfile(core, context.body);
    const group = core.store.addGroup(profile.name, profile.description);

    return { status: 200, body: renderGroup(group, context.base) };
  };
  const get = (context: RouteContext): Reply => ({
    status: 200,
    body: renderGroup(requireGroup(core, context), context.base),
  });
  const member = '/groups/:groupId/users/:userId';

  return [
    route('POST', '/groups', 'groups', create),
    route('GET', '/groups', 'groups', (context) => listGroups(core, context)),
    route('GET', '/groups/:groupId', 'group', get),
    route('PUT', '/groups/:groupId', 'group', (context) => replaceGroup(core, context)),
    route('DELETE', '/groups/:groupId', 'group', (context) => deleteGroup(core, context)),
    route('GET', '/groups/:groupId/users', 'group', (context) => listMembers(core, context)),
    route('PUT', member, 'group', (context) => changeMembership(core, context, true)),
    route('DELETE', member, 'group', (context) => changeMembership(core, context, false)),
  ];
}

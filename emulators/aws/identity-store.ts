import { findUser, sameText, type DirectoryGroup } from './directory';
import { notFound, validationError } from './errors';
import { membershipView, userView } from './identity-views';
import { paginate } from './pagination';
import type { EmulatorState, OperationHandler } from './state';
import {
  optionalObject,
  pageRequest,
  PATTERNS,
  requiredObject,
  requiredString,
  type Input,
} from './validation';

type AlternateIdentifier =
  | { kind: 'attribute'; path: string; value: string }
  | { kind: 'external'; issuer: string; id: string };

/** The identitystore operations the emulator serves, keyed by the name after the target prefix. */
export const identityStoreOperations: Record<string, OperationHandler> = {
  GetUserId: (state, input) => {
    const storeId = requireStore(state, input);
    const identifier = readAlternateIdentifier(input, ['userName', 'emails.value']);
    const { directory, options } = state;
    const user =
      identifier.kind === 'external'
        ? findUser(
            directory,
            (candidate) =>
              identifier.issuer === options.externalIdIssuer &&
              candidate.externalId === identifier.id,
          )
        : findUser(directory, (candidate) =>
            sameText(
              identifier.path === 'userName' ? candidate.userName : candidate.email,
              identifier.value,
            ),
          );
    if (user === undefined) {
      throw notFound('USER not found.', 'USER', identifierText(identifier));
    }

    return { IdentityStoreId: storeId, UserId: user.userId };
  },

  DescribeUser: (state, input) => {
    const storeId = requireStore(state, input);
    const userId = requiredString(input, 'UserId', PATTERNS.resourceId);
    const user = state.directory.users.get(userId);
    if (user === undefined) {
      throw notFound('USER not found.', 'USER', userId);
    }

    return userView(user, storeId, state.options.externalIdIssuer);
  },

  ListUsers: (state, input) => {
    const paging = pageRequest(input);
    const storeId = requireStore(state, input);
    const userName = readUserNameFilter(input);
    const users = [...state.directory.users.values()].filter(
      (user) => userName === undefined || sameText(user.userName, userName),
    );
    const views = users.map((user) => userView(user, storeId, state.options.externalIdIssuer));
    const page = paginate(views, paging);

    return { Users: page.items, NextToken: page.nextToken };
  },

  ListGroupMembershipsForMember: (state, input) => {
    const paging = pageRequest(input);
    const storeId = requireStore(state, input);
    const memberId = requiredObject(input, 'MemberId');
    const userId = requiredString(memberId, 'UserId', PATTERNS.resourceId);
    const memberships = [...state.directory.groups.values()].flatMap((group) => {
      const membership = group.members.get(userId);

      return membership === undefined ? [] : [membershipView(group, userId, membership, storeId)];
    });
    const page = paginate(memberships, paging);

    return { GroupMemberships: page.items, NextToken: page.nextToken };
  },

  GetGroupId: (state, input) => {
    const storeId = requireStore(state, input);
    const identifier = readAlternateIdentifier(input, ['displayName']);
    const matches = (group: DirectoryGroup): boolean =>
      identifier.kind === 'external'
        ? identifier.issuer === state.options.externalIdIssuer && group.externalId === identifier.id
        : sameText(group.displayName, identifier.value);
    const group = [...state.directory.groups.values()].find(matches);
    if (group === undefined) {
      throw notFound('GROUP not found.', 'GROUP', identifierText(identifier));
    }

    return { IdentityStoreId: storeId, GroupId: group.groupId };
  },
};

function requireStore(state: EmulatorState, input: Input): string {
  const storeId = requiredString(input, 'IdentityStoreId', PATTERNS.identityStoreId);
  if (storeId !== state.options.identityStoreId) {
    throw notFound('IDENTITY_STORE not found.', 'IDENTITY_STORE', storeId);
  }

  return storeId;
}

function readAlternateIdentifier(input: Input, paths: string[]): AlternateIdentifier {
  const identifier = requiredObject(input, 'AlternateIdentifier');
  const attribute = optionalObject(identifier, 'UniqueAttribute');
  const external = optionalObject(identifier, 'ExternalId');
  if ((attribute === undefined) === (external === undefined)) {
    throw validationError(
      'AlternateIdentifier must set exactly one of UniqueAttribute or ExternalId',
    );
  }

  if (external !== undefined) {
    return {
      kind: 'external',
      issuer: requiredString(external, 'Issuer'),
      id: requiredString(external, 'Id'),
    };
  }
  const path = requiredString(attribute as Input, 'AttributePath');
  if (!paths.includes(path)) {
    throw validationError(
      `Invalid AttributePath ${path}; the unique attributes are ${paths.join(', ')}`,
    );
  }
  const value = (attribute as Input).AttributeValue;
  if (typeof value !== 'string') {
    throw validationError('AttributeValue must be a string');
  }

  return { kind: 'attribute', path, value };
}

/** ListUsers accepts at most one filter, and for users only on UserName (deprecated by AWS). */
function readUserNameFilter(input: Input): string | undefined {
  const filters = input.Filters;
  if (filters === undefined || filters === null) {
    return undefined;
  }
  if (!Array.isArray(filters) || filters.length > 1) {
    throw validationError('Filters must be a list of at most 1 filter');
  }
  const filter: unknown = filters[0];
  if (filter === undefined) {
    return undefined;
  }
  if (typeof filter !== 'object' || filter === null) {
    throw validationError('Each filter must be a structure');
  }
  const path = requiredString(filter as Input, 'AttributePath');
  if (path !== 'UserName') {
    throw validationError(`Invalid AttributePath ${path}; ListUsers filters only on UserName`);
  }

  return requiredString(filter as Input, 'AttributeValue');
}

function identifierText(identifier: AlternateIdentifier): string {
  return identifier.kind === 'external' ? identifier.id : identifier.value;
}

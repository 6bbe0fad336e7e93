import { matches, parseExpression, type ExpressionRules, type Operator } from './expression';
import type { GroupRecord, UserRecord } from './types';

const RANGE: ReadonlySet<Operator> = new Set(['gt', 'ge', 'lt', 'le']);
const USER_SEARCH_TOP = new Set([
  'id',
  'status',
  'created',
  'activated',
  'statusChanged',
  'lastUpdated',
  'type.id',
]);
const USER_CONTAINS = new Set([
  'profile.firstName',
  'profile.lastName',
  'profile.email',
  'profile.login',
]);
const USER_FILTER = new Set([
  'status',
  'lastUpdated',
  'id',
  'profile.login',
  'profile.email',
  'profile.firstName',
  'profile.lastName',
]);

/** `search` on users: any profile attribute and a few top-level ones; values ignore case. */
export const userSearchRules: ExpressionRules = {
  caseInsensitive: true,
  allows: (attribute, operator) => {
    const known = attribute.startsWith('profile.') || USER_SEARCH_TOP.has(attribute);
    if (!known) return false;

    return operator !== 'co' || USER_CONTAINS.has(attribute);
  },
};

/** `filter` on users: seven properties, `eq` only (ranges on `lastUpdated`), case-sensitive. */
export const userFilterRules: ExpressionRules = {
  caseInsensitive: false,
  allows: (attribute, operator) =>
    USER_FILTER.has(attribute) &&
    (operator === 'eq' || (attribute === 'lastUpdated' && RANGE.has(operator))),
};

const GROUP_SEARCH = new Set([
  'id',
  'type',
  'created',
  'lastUpdated',
  'lastMembershipUpdated',
  'profile.name',
  'profile.description',
]);
const GROUP_DATES = new Set(['lastUpdated', 'lastMembershipUpdated']);

export const groupSearchRules: ExpressionRules = {
  caseInsensitive: true,
  allows: (attribute, operator) =>
    GROUP_SEARCH.has(attribute) &&
    operator !== 'pr' &&
    (operator !== 'co' || attribute.startsWith('profile.')),
};

export const groupFilterRules: ExpressionRules = {
  caseInsensitive: false,
  allows: (attribute, operator) =>
    ['id', 'type', ...GROUP_DATES].includes(attribute) &&
    (operator === 'eq' || (GROUP_DATES.has(attribute) && RANGE.has(operator))),
};

export function readUserAttribute(user: UserRecord, typeId: string, attribute: string): unknown {
  if (attribute.startsWith('profile.')) return user.profile[attribute.slice('profile.'.length)];
  if (attribute === 'type.id') return typeId;

  return (user as unknown as Record<string, unknown>)[attribute];
}

export function readGroupAttribute(group: GroupRecord, attribute: string): unknown {
  if (attribute === 'profile.name') return group.profile.name;
  if (attribute === 'profile.description') return group.profile.description;

  return (group as unknown as Record<string, unknown>)[attribute];
}

/** Keeps the items matching the `search` and `filter` query parameters that are present. */
export function applySearchAndFilter<T>(
  items: T[],
  query: URLSearchParams,
  rules: { search: ExpressionRules; filter: ExpressionRules },
  read: (item: T, attribute: string) => unknown,
): T[] {
  let kept = items;
  for (const name of ['search', 'filter'] as const) {
    const text = query.get(name);
    if (text === null) continue;
    const chosen = rules[name];
    const expression = parseExpression(text, chosen);
    kept = kept.filter((item) => matches(expression, (attribute) => read(item, attribute), chosen));
  }

  return kept;
}

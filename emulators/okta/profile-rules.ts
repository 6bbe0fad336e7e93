import { validationFailed, type FieldProblem } from './errors';
import type { OktaStore } from './store';
import type { Profile } from './types';

/** The Okta base user profile (default schema). */
export const BASE_PROFILE_ATTRIBUTES: readonly string[] = [
  'login',
  'email',
  'firstName',
  'lastName',
  'middleName',
  'honorificPrefix',
  'honorificSuffix',
  'title',
  'displayName',
  'nickName',
  'profileUrl',
  'secondEmail',
  'mobilePhone',
  'primaryPhone',
  'streetAddress',
  'city',
  'state',
  'zipCode',
  'countryCode',
  'postalAddress',
  'preferredLanguage',
  'locale',
  'timezone',
  'userType',
  'employeeNumber',
  'costCenter',
  'organization',
  'division',
  'department',
  'managerId',
  'manager',
];

// The default schema marks these four required.
const REQUIRED = ['login', 'email', 'firstName', 'lastName'];

/** The fields the provisioning target mirrors; a change to one of them is pushed. */
export const PUSHED_FIELDS = ['login', 'email', 'firstName', 'lastName'];

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && !value.trim());
}

/**
 * Checks a complete profile against the schema and login uniqueness.
 * @throws OktaFailure E0000001 listing one cause per offending field.
 */
export function assertValidProfile(
  profile: unknown,
  known: ReadonlySet<string>,
  store: OktaStore,
  userId?: string,
): asserts profile is Profile {
  const record = (typeof profile === 'object' && profile !== null ? profile : {}) as Profile;
  const problems: FieldProblem[] = [];

  for (const field of REQUIRED) {
    if (isBlank(record[field])) {
      problems.push({ field, message: 'The field cannot be left blank' });
    }
  }
  for (const field of Object.keys(record)) {
    if (!known.has(field)) {
      problems.push({ field, message: `Property name '${field}' is not defined in profile` });
    }
  }
  const login = record.login;
  if (typeof login === 'string' && !isBlank(login) && store.loginTaken(login, userId)) {
    problems.push({
      field: 'login',
      message: 'An object with this field already exists in the current organization',
    });
  }

  if (problems.length > 0 || typeof profile !== 'object' || profile === null) {
    throw validationFailed(problems);
  }
}

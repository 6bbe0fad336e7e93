/**
 * Reading SCIM 2.0 User data (RFC 7643) into what Tenure understands: the core User, the
 * enterprise extension, and Tenure's own extension for the dates SCIM has no standard name for.
 * SCIM attribute names and schema URNs are case-insensitive, so every name is lower-cased before
 * it is looked up; values Tenure does not read (groups, phone numbers, `division`) are ignored,
 * because SCIM clients send whatever their mapping holds. Messages name the attribute in its
 * canonical spelling and never include a value.
 */
import { HR_ID_PATTERN, type LocalDate, type PersonAttributes } from '../../domain/hr-event';
import { isTimeZone } from '../../domain/instants';
import {
  CONTROL_CHARACTERS,
  CONTROL_RULE,
  EMAIL_RULE,
  EMAIL_SHAPE,
  HR_ID_RULE,
  hrDateProblem,
  MAX_TEXT_LENGTH,
  TIME_ZONE_RULE,
} from './field-rules';
import { IntakeError, type IntakeErrorStatus } from './types';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
/** Tenure's extension: `startDate` and `contractEndDate`, both `YYYY-MM-DD`. */
export const TENURE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:tenure:2.0:User';
export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/** The `scimType` values of RFC 7644 section 3.12 that Tenure sends. */
export type ScimType =
  'invalidValue' | 'invalidSyntax' | 'invalidFilter' | 'invalidPath' | 'mutability' | 'noTarget';

/** An `IntakeError` that also carries the SCIM error type to put in the response. */
export class ScimIntakeError extends IntakeError {
  constructor(
    status: IntakeErrorStatus,
    code: string,
    message: string,
    readonly scimType?: ScimType,
  ) {
    super(status, code, message);
    this.name = 'ScimIntakeError';
  }
}

/** A 400 for an unusable value, with the SCIM type the client's log will show. */
export function invalidScim(message: string, scimType: ScimType = 'invalidValue'): ScimIntakeError {
  return new ScimIntakeError(400, 'intake.invalid_body', message, scimType);
}

/**
 * Refuses a request body that is not an object whose `schemas` lists `urn`. RFC 7644 requires the
 * URN in every body (the core User for POST and PUT, PatchOp for PATCH), and Entra and Okta always
 * send it, so a body without it comes from something that is not speaking SCIM to Tenure.
 * @throws ScimIntakeError (`invalidSyntax`).
 */
export function requireSchema(body: unknown, urn: string): asserts body is Record<string, unknown> {
  if (!isPlainObject(body)) throw invalidScim('body: expected a JSON object', 'invalidSyntax');

  const key = Object.keys(body).find((name) => name.toLowerCase() === 'schemas');
  const schemas = key === undefined ? undefined : body[key];
  const wanted = urn.toLowerCase();
  const listed =
    Array.isArray(schemas) &&
    schemas.some((schema) => typeof schema === 'string' && schema.trim().toLowerCase() === wanted);
  if (!listed) throw invalidScim(`schemas: must list ${urn}`, 'invalidSyntax');
}

/** What one request says about the user; everything optional, since a PATCH names only changes. */
export interface ScimChanges {
  externalId?: string;
  active?: boolean;
  userName?: string;
  attributes: PersonAttributes;
  startDate?: LocalDate;
}

/** Where a value came from, for messages: `body` or `Operations[2]`. */
export type Origin = string;

type Reader = (changes: ScimChanges, value: unknown, where: string) => void;

const CORE = USER_SCHEMA.toLowerCase();
const CORE_PREFIX = `${CORE}:`;
const ENTERPRISE = ENTERPRISE_SCHEMA.toLowerCase();
const TENURE = TENURE_SCHEMA.toLowerCase();

/**
 * Containers whose members are read as `<container><separator><member>`: a PATCH may target a
 * whole schema, `name`, or the work entry of `emails` or `addresses` with an object value.
 */
const CONTAINERS = new Map<string, string>([
  ['name', 'name.'],
  ['emails[type eq "work"]', 'emails[type eq "work"].'],
  ['addresses[type eq "work"]', 'addresses[type eq "work"].'],
  [CORE, ''],
  [ENTERPRISE, `${ENTERPRISE}:`],
  [TENURE, `${TENURE}:`],
]);

/** Lower-cased attribute path to its canonical spelling and its reader. */
const LEAVES = new Map<string, { name: string; read: Reader }>([
  ['externalid', { name: 'externalId', read: (c, v, w) => (c.externalId = hrIdOf(v, w)) }],
  ['active', { name: 'active', read: (c, v, w) => (c.active = activeOf(v, w)) }],
  ['username', { name: 'userName', read: (c, v, w) => setText(c, 'userName', v, w) }],
  ['name.givenname', attribute('name.givenName', 'firstName')],
  ['name.familyname', attribute('name.familyName', 'lastName')],
  ['nickname', attribute('nickName', 'preferredName')],
  ['title', attribute('title', 'title')],
  ['usertype', attribute('userType', 'employmentType')],
  ['timezone', attribute('timezone', 'timeZone')],
  ['emails', { name: 'emails', read: readEmails }],
  ['emails[type eq "work"].value', attribute('emails[type eq "work"].value', 'email')],
  ['addresses', { name: 'addresses', read: readAddresses }],
  [
    'addresses[type eq "work"].locality',
    attribute('addresses[type eq "work"].locality', 'location'),
  ],
  [`${ENTERPRISE}:employeenumber`, attribute('employeeNumber', 'employeeNumber')],
  [`${ENTERPRISE}:costcenter`, attribute('costCenter', 'costCenter')],
  [`${ENTERPRISE}:department`, attribute('department', 'department')],
  [`${ENTERPRISE}:manager`, { name: 'manager', read: readManager }],
  [`${ENTERPRISE}:manager.value`, attribute('manager.value', 'managerId')],
  [`${TENURE}:startdate`, { name: 'startDate', read: readStartDate }],
  [`${TENURE}:contractenddate`, attribute('contractEndDate', 'contractEndDate')],
]);

/**
 * Records `value` at the SCIM attribute `path` (a top-level key, a dotted sub-attribute, a
 * URN-prefixed extension attribute, or one of the two filter paths Entra sends). Paths Tenure does
 * not read are ignored here: a body member may be anything the client's mapping holds, and a PATCH
 * `path` has already been checked by `scim-patch`. Null and empty values are ignored too, so
 * Tenure keeps the value it last knew.
 * @throws ScimIntakeError when a value Tenure reads has the wrong type or format.
 */
export function applyAttribute(
  changes: ScimChanges,
  path: string,
  value: unknown,
  origin: Origin,
): void {
  const key = normalisePath(path);
  const prefix = CONTAINERS.get(key);
  if (prefix !== undefined) {
    if (value === null || value === undefined) return;
    if (!isPlainObject(value)) throw invalidScim(`${origin}: ${canonical(key)} must be an object`);
    for (const [member, memberValue] of Object.entries(value)) {
      applyAttribute(changes, `${prefix}${member}`, memberValue, origin);
    }

    return;
  }

  const leaf = LEAVES.get(key);
  if (leaf === undefined || value === null || value === undefined) return;
  leaf.read(changes, value, `${origin}: ${leaf.name}`);
}

/** Every member of a full User resource (a POST or PUT body, or a PATCH without a path). */
export function applyResource(changes: ScimChanges, body: unknown, origin: Origin): void {
  if (!isPlainObject(body)) throw invalidScim(`${origin}: expected a JSON object`, 'invalidSyntax');
  for (const [key, value] of Object.entries(body)) applyAttribute(changes, key, value, origin);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Lower case, core-schema prefix dropped, spaces inside a filter collapsed. */
function normalisePath(path: string): string {
  const lower = path.trim().toLowerCase().replace(/\s+/g, ' ');

  return lower.startsWith(CORE_PREFIX) ? lower.slice(CORE_PREFIX.length) : lower;
}

function canonical(key: string): string {
  const schema = [USER_SCHEMA, ENTERPRISE_SCHEMA, TENURE_SCHEMA].find(
    (urn) => urn.toLowerCase() === key,
  );

  return schema ?? key;
}

function attribute(name: string, target: keyof PersonAttributes): { name: string; read: Reader } {
  return { name, read: (changes, value, where) => setAttribute(changes, target, value, where) };
}

function setAttribute(
  changes: ScimChanges,
  target: keyof PersonAttributes,
  value: unknown,
  where: string,
): void {
  const text = textOf(value, where);
  if (text === undefined) return;
  if (target === 'email' && !EMAIL_SHAPE.test(text)) throw invalidScim(`${where}: ${EMAIL_RULE}`);
  if (target === 'managerId' && !HR_ID_PATTERN.test(text)) {
    throw invalidScim(`${where}: ${HR_ID_RULE} (the manager's externalId)`);
  }
  if (target === 'timeZone' && !isTimeZone(text)) throw invalidScim(`${where}: ${TIME_ZONE_RULE}`);
  const dateProblem = target === 'contractEndDate' ? hrDateProblem(text) : undefined;
  if (dateProblem !== undefined) throw invalidScim(`${where}: ${dateProblem}`);
  changes.attributes[target] = text;
}

function setText(changes: ScimChanges, target: 'userName', value: unknown, where: string): void {
  const text = textOf(value, where);
  if (text !== undefined) changes[target] = text;
}

/** The trimmed string; undefined when empty, which SCIM clients send for a cleared value. */
function textOf(value: unknown, where: string): string | undefined {
  if (typeof value !== 'string') throw invalidScim(`${where}: expected a string`);
  const text = value.trim();
  if (text.length > MAX_TEXT_LENGTH) {
    throw invalidScim(`${where}: must be at most ${MAX_TEXT_LENGTH} characters`);
  }
  if (CONTROL_CHARACTERS.test(text)) throw invalidScim(`${where}: ${CONTROL_RULE}`);

  return text === '' ? undefined : text;
}

function hrIdOf(value: unknown, where: string): string {
  if (typeof value !== 'string' || !HR_ID_PATTERN.test(value)) {
    throw invalidScim(`${where}: ${HR_ID_RULE}`);
  }

  return value;
}

/** Entra sends `"False"` and `"True"` as strings unless its compliance flag is set. */
function activeOf(value: unknown, where: string): boolean {
  if (typeof value === 'boolean') return value;
  const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  if (text === 'true' || text === 'false') return text === 'true';
  throw invalidScim(`${where}: expected true or false`);
}

/** The primary email, else the work one, else the first; `{ value, type, primary }` entries. */
function readEmails(changes: ScimChanges, value: unknown, where: string): void {
  const email = chooseEntry(value, where)?.value;
  if (email !== null && email !== undefined)
    setAttribute(changes, 'email', email, `${where}.value`);
}

/** The work address's `locality` (the city), which the policy matches as the location. */
function readAddresses(changes: ScimChanges, value: unknown, where: string): void {
  const locality = chooseEntry(value, where)?.locality;
  if (locality !== null && locality !== undefined) {
    setAttribute(changes, 'location', locality, `${where}.locality`);
  }
}

function chooseEntry(value: unknown, where: string): Record<string, unknown> | undefined {
  if (!Array.isArray(value) || !value.every(isPlainObject)) {
    throw invalidScim(`${where}: expected an array of objects`);
  }
  const entries = value.map(lowerCaseKeys);

  return (
    entries.find(
      (entry) => entry.primary === true || String(entry.primary).toLowerCase() === 'true',
    ) ??
    entries.find((entry) => String(entry.type).toLowerCase() === 'work') ??
    entries[0]
  );
}

function lowerCaseKeys(entry: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(entry).map(([key, value]) => [key.toLowerCase(), value]),
  );
}

/** `{ "value": "<id>" }` per RFC 7643; Entra's PATCH sends the id as a plain string. */
function readManager(changes: ScimChanges, value: unknown, where: string): void {
  const id = isPlainObject(value) ? lowerCaseKeys(value).value : value;
  if (id === null || id === undefined) return;
  setAttribute(changes, 'managerId', id, `${where}.value`);
}

function readStartDate(changes: ScimChanges, value: unknown, where: string): void {
  const text = textOf(value, where);
  if (text === undefined) return;
  const problem = hrDateProblem(text);
  if (problem !== undefined) throw invalidScim(`${where}: ${problem}`);
  changes.startDate = text;
}

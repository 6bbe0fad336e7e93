/**
 * Reading the `fields` object of a BambooHR field-based webhook. Admins pick which fields are
 * posted and may name them by display label ("Hire Date") or by API alias ("hireDate"), and
 * values arrive plain or wrapped as `{ "value": ... }`; all of that is absorbed here.
 */
import {
  HR_ID_PATTERN,
  type AttributeName,
  type LocalDate,
  type PersonAttributes,
} from '../../domain/hr-event';
import { isTimeZone } from '../../domain/instants';
import {
  EMAIL_RULE,
  EMAIL_SHAPE,
  HR_ID_RULE,
  hrDateProblem,
  CONTROL_CHARACTERS,
  CONTROL_RULE,
  MAX_TEXT_LENGTH,
  TIME_ZONE_RULE,
} from './field-rules';
import { invalidField } from './json-body';

export type BambooField = AttributeName | 'hireDate' | 'terminationDate' | 'status';

/**
 * Normalised key (lower case, no whitespace) to what Tenure reads from it. A display label and its
 * alias mostly normalise to the same key ("Hire Date", "hireDate"). Keys not listed, such as
 * Division or Supervisor (a name), are ignored. A Map, so that keys like "constructor" find
 * nothing.
 */
const FIELD_BY_KEY = new Map<string, BambooField>([
  ['firstname', 'firstName'],
  ['lastname', 'lastName'],
  ['preferredname', 'preferredName'],
  ['workemail', 'email'],
  ['employee#', 'employeeNumber'],
  ['employeenumber', 'employeeNumber'],
  ['department', 'department'],
  ['jobtitle', 'title'],
  ['location', 'location'],
  ['costcenter', 'costCenter'],
  // The supervisor's BambooHR employee id, the same id space as the `id` Tenure uses as hrId.
  ['supervisoreid', 'managerId'],
  ['employmentstatus', 'employmentType'],
  ['employmenthistorystatus', 'employmentType'],
  ['hiredate', 'hireDate'],
  ['terminationdate', 'terminationDate'],
  ['status', 'status'],
  ['timezone', 'timeZone'],
]);

/** BambooHR writes an unset date as `0000-00-00` in some places and as empty in others. */
const EMPTY_DATES = new Set(['', '0000-00-00']);

/** What Tenure understood of one employee's fields. */
export interface BambooRecord {
  attributes: PersonAttributes;
  hireDate?: LocalDate;
  terminationDate?: LocalDate;
  /** The termination date was posted and is empty: HR has removed it. */
  terminationDateCleared: boolean;
  status?: 'active' | 'inactive';
}

export function fieldForKey(key: string): BambooField | undefined {
  return FIELD_BY_KEY.get(key.replace(/\s+/g, '').toLowerCase());
}

/**
 * The record in one employee's `fields`.
 * @throws IntakeError naming `<path>["<key>"]` when a value has the wrong shape or format, or two
 * keys for the same field disagree.
 */
export function readFields(fields: Record<string, unknown>, path: PropertyKey[]): BambooRecord {
  const values = new Map<BambooField, { key: string; value: string }>();

  for (const [key, raw] of Object.entries(fields)) {
    const field = fieldForKey(key);
    if (field === undefined) continue;

    const value = plainValue(raw, [...path, key]);
    const earlier = values.get(field);
    if (earlier !== undefined && earlier.value !== value) {
      throw invalidField([...path, key], `disagrees with "${earlier.key}"; post the field once`);
    }
    values.set(field, { key, value });
  }

  const record: BambooRecord = { attributes: {}, terminationDateCleared: false };

  for (const [field, { key, value }] of values) {
    const fieldPath = [...path, key];
    if (field === 'hireDate' || field === 'terminationDate') {
      if (EMPTY_DATES.has(value)) {
        if (field === 'terminationDate') record.terminationDateCleared = true;
        continue;
      }
      const problem = hrDateProblem(value);
      if (problem !== undefined) throw invalidField(fieldPath, problem);
      record[field] = value;
    } else if (field === 'status') {
      if (value === '') continue;
      const status = value.toLowerCase();
      if (status !== 'active' && status !== 'inactive') {
        throw invalidField(fieldPath, 'expected Active or Inactive');
      }
      record.status = status;
    } else if (value !== '') {
      checkAttribute(field, value, fieldPath);
      record.attributes[field] = value;
    }
  }

  return record;
}

function checkAttribute(field: AttributeName, value: string, path: PropertyKey[]): void {
  if (value.length > MAX_TEXT_LENGTH) {
    throw invalidField(path, `must be at most ${MAX_TEXT_LENGTH} characters`);
  }
  if (CONTROL_CHARACTERS.test(value)) throw invalidField(path, CONTROL_RULE);
  if (field === 'email' && !EMAIL_SHAPE.test(value)) throw invalidField(path, EMAIL_RULE);
  if (field === 'managerId' && !HR_ID_PATTERN.test(value)) throw invalidField(path, HR_ID_RULE);
  if (field === 'timeZone' && !isTimeZone(value)) throw invalidField(path, TIME_ZONE_RULE);
}

/** The trimmed text of a plain or `{ "value": ... }`-wrapped value; empty when unset. */
function plainValue(raw: unknown, path: PropertyKey[]): string {
  let value = raw;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    if (!('value' in value)) throw invalidField(path, 'expected a value or { "value": ... }');
    value = value.value;
  }

  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw invalidField(path, 'expected a string or a number');
}

/**
 * The BambooHR HR reader: fetches one employee through BambooHR's REST API and returns the record
 * as a snapshot of canonical events, for the event-based webhooks that carry only ids.
 *
 * The snapshot is a `hire` on the hire date carrying the current attributes, then either a
 * `terminate` or a `rescind_termination` saying whether the record shows a termination. Every
 * event happened at `readAt` (the record says what is true now, not when it became so), and its
 * id hashes what it says, so reading an unchanged record again folds to nothing.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

import {
  HR_ID_PATTERN,
  isLocalDate,
  type HrEvent,
  type LocalDate,
  type PersonAttributes,
} from '../../domain/hr-event';
import { HrReadError, type HrReader } from './port';

export const BAMBOOHR_READER_SOURCE = 'bamboohr';

/** BambooHR's own API host; the company is part of the path. */
export const BAMBOOHR_API_URL = 'https://api.bamboohr.com';

export interface BambooHrReaderOptions {
  /** `BAMBOOHR_API_URL`, or the emulator's URL in embedded mode. */
  apiUrl: string;
  /** The company's subdomain: `acme` for acme.bamboohr.com. */
  companyDomain: string;
  apiKey: string;
  /** Per request; shorter than the activity's own timeout so that a hung call is retried. */
  timeoutMs?: number;
}

/** API field name to the attribute it fills; the supervisor's id is in the same id space. */
const ATTRIBUTE_FIELDS = {
  firstName: 'firstName',
  lastName: 'lastName',
  preferredName: 'preferredName',
  workEmail: 'email',
  employeeNumber: 'employeeNumber',
  department: 'department',
  jobTitle: 'title',
  location: 'location',
  supervisorEId: 'managerId',
  employmentHistoryStatus: 'employmentType',
} as const satisfies Record<string, keyof PersonAttributes>;

const FIELDS = [...Object.keys(ATTRIBUTE_FIELDS), 'hireDate', 'terminationDate', 'status'];

const DEFAULT_TIMEOUT_MS = 10_000;
/** A Retry-After beyond this is taken as this, so one answer cannot park a read for hours. */
const MAX_RETRY_AFTER_MS = 10 * 60_000;
const MAX_TEXT_LENGTH = 256;
// The intake adapters' rules (server/adapters/field-rules.ts), which this layer may not import:
// ASCII emails, so that a look-alike character cannot become someone else's login, and no
// control or invisible formatting characters.
const EMAIL_SHAPE = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
const CONTROL_CHARACTERS = /[\p{Cc}\p{Cf}]/u;
/** BambooHR writes an unset date as `0000-00-00` in some places and as empty in others. */
const EMPTY_DATES = new Set(['', '0000-00-00']);

// Values are strings or null; numbers are accepted for ids. Unknown keys are ignored.
const fieldValue = z.union([z.string(), z.number()]).nullish();
const recordSchema = z.object(Object.fromEntries(FIELDS.map((field) => [field, fieldValue])));

type EmployeeRecord = Record<string, string | number | null | undefined>;

/** Creates the reader for one BambooHR company. */
export function createBambooHrReader(options: BambooHrReaderOptions): HrReader {
  const base = options.apiUrl.replace(/\/+$/, '');
  const company = encodeURIComponent(options.companyDomain);
  // BambooHR ignores the password of its Basic scheme; `x` is the documented placeholder.
  const authorization = `Basic ${Buffer.from(`${options.apiKey}:x`).toString('base64')}`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  return {
    source: BAMBOOHR_READER_SOURCE,
    async read(hrId, readAt) {
      if (!HR_ID_PATTERN.test(hrId)) {
        throw new HrReadError('the HR id is not a BambooHR employee id', 'hr.not_found', false);
      }
      // onlyCurrent: history-table fields (department, job title) as of today, not future rows;
      // BambooHR sends another webhook when a future row takes effect.
      const query = new URLSearchParams({ fields: FIELDS.join(','), onlyCurrent: 'true' });
      const path = `/api/gateway.php/${company}/v1/employees/${encodeURIComponent(hrId)}`;

      const response = await get(`${base}${path}?${query}`, authorization, timeoutMs);
      const record = await recordOf(response);

      return snapshotEvents(hrId, record, readAt);
    },
  };
}

async function get(url: string, authorization: string, timeoutMs: number): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { Authorization: authorization, Accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'failed';
    throw new HrReadError(`the BambooHR request ${reason}`, 'hr.unavailable', true);
  }
  if (response.ok) return response;

  // The body is not read: BambooHR puts its reason in a header, and bodies may echo data.
  await response.body?.cancel();
  const reason = response.headers.get('x-bamboohr-error-message')?.slice(0, 200);
  const said = `BambooHR answered ${response.status}${reason ? ` (${reason})` : ''}`;
  switch (response.status) {
    case 404:
      throw new HrReadError(`${said}: no such employee`, 'hr.not_found', false);
    case 401:
    case 403:
      throw new HrReadError(
        `${said}: check the API key and that its user may see this employee's fields`,
        'hr.denied',
        false,
      );
    case 429:
    case 503:
      // BambooHR throttles with 503 (429 on some endpoints) and says when to come back.
      throw new HrReadError(said, 'hr.rate_limited', true, retryAfterMs(response.headers));
    default:
      if (response.status >= 500) throw new HrReadError(said, 'hr.unavailable', true);
      // Any other 4xx is a request BambooHR will refuse again as it is.
      throw new HrReadError(said, 'hr.invalid_record', false);
  }
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now; undefined if absent. */
function retryAfterMs(headers: Headers): number | undefined {
  const header = headers.get('retry-after')?.trim();
  if (!header) return undefined;
  const ms = /^\d+$/.test(header) ? Number(header) * 1000 : Date.parse(header) - Date.now();
  if (Number.isNaN(ms)) return undefined;

  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

async function recordOf(response: Response): Promise<EmployeeRecord> {
  let data: unknown;
  try {
    data = JSON.parse(await response.text()) as unknown;
  } catch {
    throw new HrReadError('BambooHR answered with a non-JSON body', 'hr.invalid_record', false);
  }
  const parsed = recordSchema.safeParse(data);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') || 'body';
    throw new HrReadError(`the employee record's ${field} is not text`, 'hr.invalid_record', false);
  }

  return parsed.data as EmployeeRecord;
}

type Fact = Pick<HrEvent, 'kind' | 'effectiveDate' | 'immediate' | 'attributes'>;

/** The record as a snapshot of events; see the module comment. */
function snapshotEvents(hrId: string, record: EmployeeRecord, readAt: string): HrEvent[] {
  const attributes = attributesOf(record);
  const hireDate = dateOf(record, 'hireDate');
  const terminationDate = dateOf(record, 'terminationDate');
  const status = statusOf(record);
  // The termination facts' ids also name the employment (its hire date), so that leaving again
  // after a rehire is new news rather than a duplicate of the first leaving.
  const eventOf = (fact: Fact): HrEvent => ({
    eventId: `${BAMBOOHR_READER_SOURCE}:record:${contentHash({ hrId, hireDate, ...fact })}`,
    source: BAMBOOHR_READER_SOURCE,
    hrId,
    occurredAt: readAt,
    ...fact,
  });
  const withAttributes = Object.keys(attributes).length > 0 ? { attributes } : {};

  // Without a hire date the record names no employment yet: its attributes, nothing more.
  if (hireDate === undefined) return [eventOf({ kind: 'update', ...withAttributes })];

  const hire = eventOf({ kind: 'hire', effectiveDate: hireDate, ...withAttributes });
  // A termination dated before the hire date ended an earlier employment (a rehire).
  if (terminationDate !== undefined && terminationDate >= hireDate) {
    return [hire, eventOf({ kind: 'terminate', effectiveDate: terminationDate })];
  }
  // Inactive with no current termination date: access lingering for someone BambooHR already
  // shows as gone is the worse mistake, so it ends now.
  if (status === 'inactive') return [hire, eventOf({ kind: 'terminate', immediate: true })];

  return [hire, eventOf({ kind: 'rescind_termination' })];
}

function attributesOf(record: EmployeeRecord): PersonAttributes {
  const attributes: PersonAttributes = {};
  for (const [field, name] of Object.entries(ATTRIBUTE_FIELDS)) {
    const text = textOf(record, field);
    if (text === '') continue;
    if (text.length > MAX_TEXT_LENGTH) {
      throw invalidField(field, `is over ${MAX_TEXT_LENGTH} characters`);
    }
    if (CONTROL_CHARACTERS.test(text)) {
      throw invalidField(field, 'holds control or invisible formatting characters');
    }
    if (name === 'email' && !EMAIL_SHAPE.test(text)) {
      throw invalidField(field, 'is not an ASCII email address');
    }
    if (name === 'managerId' && !HR_ID_PATTERN.test(text)) {
      throw invalidField(field, 'is not an employee id');
    }
    attributes[name] = text;
  }

  return attributes;
}

function dateOf(record: EmployeeRecord, field: string): LocalDate | undefined {
  const text = textOf(record, field);
  if (EMPTY_DATES.has(text)) return undefined;
  if (!isLocalDate(text)) throw invalidField(field, 'is not a YYYY-MM-DD date');

  return text;
}

function statusOf(record: EmployeeRecord): 'active' | 'inactive' | undefined {
  const status = textOf(record, 'status').toLowerCase();
  if (status === '') return undefined;
  if (status !== 'active' && status !== 'inactive') {
    throw invalidField('status', 'is not Active or Inactive');
  }

  return status;
}

function textOf(record: EmployeeRecord, field: string): string {
  const raw = record[field];

  return raw === null || raw === undefined ? '' : String(raw).trim();
}

/** Names the field, never its value, which is personal data. */
function invalidField(field: string, rule: string): HrReadError {
  return new HrReadError(`the employee record's ${field} ${rule}`, 'hr.invalid_record', false);
}

/** SHA-256 of the value as JSON with sorted keys, so equal content gives equal ids. */
function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 32);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);

    return `{${members.join(',')}}`;
  }

  return JSON.stringify(value) ?? 'null';
}

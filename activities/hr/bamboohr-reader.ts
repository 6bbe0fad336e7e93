/**
 * The BambooHR HR reader: fetches one employee through BambooHR's REST API and returns the record
 * as a snapshot of canonical events (see snapshot.ts), for the event-based webhooks that carry
 * only ids. The hire date is the start date.
 */
import { z } from 'zod';

import {
  HR_ID_PATTERN,
  isLocalDate,
  type LocalDate,
  type PersonAttributes,
} from '../../domain/hr-event';
import { readJson } from './http-read';
import { HrReadError, type HrReader } from './port';
import { checkedAttribute, invalidField, snapshotEvents } from './snapshot';

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

      const data = await readJson({
        url: `${base}${path}?${query}`,
        authorization,
        timeoutMs,
        vendor: 'BambooHR',
        deniedHint: "check the API key and that its user may see this employee's fields",
        // BambooHR gives its reason in a header, never in the body.
        reasonHeader: 'x-bamboohr-error-message',
      });
      const record = recordOf(data);

      return snapshotEvents(BAMBOOHR_READER_SOURCE, hrId, readAt, {
        attributes: attributesOf(record),
        startDate: dateOf(record, 'hireDate'),
        terminationDate: dateOf(record, 'terminationDate'),
        status: statusOf(record),
      });
    },
  };
}

function recordOf(data: unknown): EmployeeRecord {
  const parsed = recordSchema.safeParse(data);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') || 'body';
    throw new HrReadError(`the employee record's ${field} is not text`, 'hr.invalid_record', false);
  }

  return parsed.data as EmployeeRecord;
}

function attributesOf(record: EmployeeRecord): PersonAttributes {
  const attributes: PersonAttributes = {};
  for (const [field, name] of Object.entries(ATTRIBUTE_FIELDS)) {
    const text = textOf(record, field);
    if (text === '') continue;
    attributes[name] = checkedAttribute(field, name, text);
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

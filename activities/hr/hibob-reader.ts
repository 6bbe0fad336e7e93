/**
 * The HiBob HR reader: fetches one person through HiBob's people API and returns the record as a
 * snapshot of canonical events (see snapshot.ts), for the v2 webhooks that carry only ids.
 *
 * The field paths are the reference's (root.id, work.startDate, internal.status, ...) and are
 * UNVERIFIED: confirm them against the tenant's field metadata before relying on them.
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

export const HIBOB_READER_SOURCE = 'hibob';

/** HiBob's API host. */
export const HIBOB_API_URL = 'https://api.hibob.com';

export interface HiBobReaderOptions {
  /** `HIBOB_API_URL`, or the emulator's URL in embedded mode. */
  apiUrl: string;
  /** The API service user's id (Basic user name) and token (Basic password). */
  serviceUserId: string;
  token: string;
  /** Per request; shorter than the activity's own timeout so that a hung call is retried. */
  timeoutMs?: number;
}

/** Field path to the attribute it fills; the manager is read apart (an id, maybe in an object). */
const ATTRIBUTE_FIELDS = {
  'root.firstName': 'firstName',
  'root.surname': 'lastName',
  // Calculated by HiBob; the reference's nearest match for a preferred name.
  'root.displayName': 'preferredName',
  'root.email': 'email',
  'work.department': 'department',
  'work.title': 'title',
  'work.site': 'location',
} as const satisfies Record<string, keyof PersonAttributes>;

const DEFAULT_TIMEOUT_MS = 10_000;
/** A Retry-After beyond this is taken as this, so one answer cannot park a read for hours. */
// Values are strings, numbers or null; a section is an object of them. Unknown keys are ignored.
const value = z.union([z.string(), z.number()]).nullish();
const section = z.record(z.string(), z.unknown()).nullish();
const personSchema = z.looseObject({ root: section, work: section, internal: section });

type Section = Record<string, unknown>;
interface PersonRecord {
  root: Section;
  work: Section;
  internal: Section;
}

/** Creates the reader for one HiBob company (its service user decides which company). */
export function createHiBobReader(options: HiBobReaderOptions): HrReader {
  const base = options.apiUrl.replace(/\/+$/, '');
  const credentials = `${options.serviceUserId}:${options.token}`;
  const authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  return {
    source: HIBOB_READER_SOURCE,
    async read(hrId, readAt) {
      if (!HR_ID_PATTERN.test(hrId)) {
        throw new HrReadError('the HR id is not a HiBob employee id', 'hr.not_found', false);
      }
      // REPLACE: list fields (department, site) as their names rather than HiBob's item ids.
      const url = `${base}/v1/people/${encodeURIComponent(hrId)}?humanReadable=REPLACE`;

      const data = await readJson({
        url,
        authorization,
        timeoutMs,
        vendor: 'HiBob',
        deniedHint:
          "check the service user's id and token, and that its permission group may see this " +
          "employee's fields",
      });
      const record = recordOf(data);

      return snapshotEvents(HIBOB_READER_SOURCE, hrId, readAt, {
        attributes: attributesOf(record),
        startDate: dateOf(record, 'work.startDate'),
        terminationDate: dateOf(record, 'internal.terminationDate'),
        status: statusOf(record),
      });
    },
  };
}

/**
 * The answer's sections. Root fields are read at the top of the answer, where HiBob puts them,
 * or under `root`, should a tenant answer with the field paths' own nesting.
 */
function recordOf(data: unknown): PersonRecord {
  const parsed = personSchema.safeParse(data);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') || 'body';
    throw new HrReadError(
      `the employee record's ${field} is not an object`,
      'hr.invalid_record',
      false,
    );
  }
  const { root, work, internal, ...top } = parsed.data;

  return { root: { ...top, ...root }, work: work ?? {}, internal: internal ?? {} };
}

function attributesOf(record: PersonRecord): PersonAttributes {
  const attributes: PersonAttributes = {};
  for (const [path, name] of Object.entries(ATTRIBUTE_FIELDS)) {
    const text = textOf(record, path);
    if (text === '') continue;
    attributes[name] = checkedAttribute(path, name, text);
  }
  const managerId = managerIdOf(record);
  if (managerId !== undefined) attributes.managerId = managerId;

  return attributes;
}

/**
 * `work.reportsTo` is the manager's employee id, or an object carrying it as `id` (UNVERIFIED
 * which, and whether REPLACE turns it into a name). Anything but an id is left out: a name is
 * personal data and no HR id, and the manager decides no access by itself.
 */
function managerIdOf(record: PersonRecord): string | undefined {
  const raw = record.work.reportsTo;
  const id = typeof raw === 'object' && raw !== null ? (raw as Section).id : raw;
  const text = typeof id === 'string' || typeof id === 'number' ? String(id).trim() : '';

  return HR_ID_PATTERN.test(text) ? text : undefined;
}

function dateOf(record: PersonRecord, path: string): LocalDate | undefined {
  const text = textOf(record, path);
  if (text === '') return undefined;
  // HiBob may write a date-time at midnight; the date is what it means.
  const date = /^\d{4}-\d{2}-\d{2}T00:00(:00(\.0+)?)?Z?$/.test(text) ? text.slice(0, 10) : text;
  if (!isLocalDate(date)) throw invalidField(path, 'is not a YYYY-MM-DD date');

  return date;
}

function statusOf(record: PersonRecord): 'active' | 'inactive' | undefined {
  const status = textOf(record, 'internal.status').toLowerCase();
  if (status === '') return undefined;
  if (status !== 'active' && status !== 'inactive') {
    throw invalidField('internal.status', 'is not Active or Inactive');
  }

  return status;
}

/** The field's value as trimmed text; '' when absent or null. */
function textOf(record: PersonRecord, path: string): string {
  const [sectionName, field = ''] = path.split('.') as [keyof PersonRecord, string];
  const raw = Object.hasOwn(record[sectionName], field) ? record[sectionName][field] : undefined;
  const parsed = value.safeParse(raw);
  if (!parsed.success) throw invalidField(path, 'is not text');

  return parsed.data === null || parsed.data === undefined ? '' : String(parsed.data).trim();
}

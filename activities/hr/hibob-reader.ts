/**
 * The HiBob HR reader: fetches one person through HiBob's people API and returns the record as a
 * snapshot of canonical events, for the v2 webhooks that carry only ids.
 *
 * The snapshot is a `hire` on the start date carrying the current attributes, then either a
 * `terminate` or a `rescind_termination` saying whether the record shows a termination. Every
 * event happened at `readAt` (the record says what is true now, not when it became so), and its
 * id hashes what it says, so reading an unchanged record again folds to nothing.
 *
 * The field paths are the reference's (root.id, work.startDate, internal.status, ...) and are
 * UNVERIFIED: confirm them against the tenant's field metadata before relying on them.
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
const MAX_RETRY_AFTER_MS = 10 * 60_000;
const MAX_TEXT_LENGTH = 256;
// The intake adapters' rules (server/adapters/field-rules.ts), which this layer may not import:
// ASCII emails, so that a look-alike character cannot become someone else's login, and no
// control or invisible formatting characters.
const EMAIL_SHAPE = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
const CONTROL_CHARACTERS = /[\p{Cc}\p{Cf}]/u;

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

      const response = await get(url, authorization, timeoutMs);
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
    throw new HrReadError(`the HiBob request ${reason}`, 'hr.unavailable', true);
  }
  if (response.ok) return response;

  // The body is not read: it may echo personal data, and the status says enough.
  await response.body?.cancel();
  const said = `HiBob answered ${response.status}`;
  switch (response.status) {
    case 404:
      throw new HrReadError(`${said}: no such employee`, 'hr.not_found', false);
    case 401:
    case 403:
      throw new HrReadError(
        `${said}: check the service user's id and token, and that its permission group may ` +
          "see this employee's fields",
        'hr.denied',
        false,
      );
    case 429:
    case 503:
      throw new HrReadError(said, 'hr.rate_limited', true, retryAfterMs(response.headers));
    default:
      if (response.status >= 500) throw new HrReadError(said, 'hr.unavailable', true);
      // Any other 4xx is a request HiBob will refuse again as it is.
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

/**
 * The answer's sections. Root fields are read at the top of the answer, where HiBob puts them,
 * or under `root`, should a tenant answer with the field paths' own nesting.
 */
async function recordOf(response: Response): Promise<PersonRecord> {
  let data: unknown;
  try {
    data = JSON.parse(await response.text()) as unknown;
  } catch {
    throw new HrReadError('HiBob answered with a non-JSON body', 'hr.invalid_record', false);
  }
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

type Fact = Pick<HrEvent, 'kind' | 'effectiveDate' | 'immediate' | 'attributes'>;

/** The record as a snapshot of events; see the module comment. */
function snapshotEvents(hrId: string, record: PersonRecord, readAt: string): HrEvent[] {
  const attributes = attributesOf(record);
  const startDate = dateOf(record, 'work.startDate');
  const terminationDate = dateOf(record, 'internal.terminationDate');
  const status = statusOf(record);
  // The termination facts' ids also name the employment (its start date), so that leaving again
  // after a rehire is new news rather than a duplicate of the first leaving.
  const eventOf = (fact: Fact): HrEvent => ({
    eventId: `${HIBOB_READER_SOURCE}:record:${contentHash({ hrId, startDate, ...fact })}`,
    source: HIBOB_READER_SOURCE,
    hrId,
    occurredAt: readAt,
    ...fact,
  });
  const withAttributes = Object.keys(attributes).length > 0 ? { attributes } : {};

  // Without a start date the record names no employment yet: its attributes, nothing more.
  if (startDate === undefined) return [eventOf({ kind: 'update', ...withAttributes })];

  const hire = eventOf({ kind: 'hire', effectiveDate: startDate, ...withAttributes });
  // A termination dated before the start date ended an earlier employment (a rehire).
  if (terminationDate !== undefined && terminationDate >= startDate) {
    return [hire, eventOf({ kind: 'terminate', effectiveDate: terminationDate })];
  }
  // Inactive with no current termination date: access lingering for someone HiBob already shows
  // as gone is the worse mistake, so it ends now.
  if (status === 'inactive') return [hire, eventOf({ kind: 'terminate', immediate: true })];

  return [hire, eventOf({ kind: 'rescind_termination' })];
}

function attributesOf(record: PersonRecord): PersonAttributes {
  const attributes: PersonAttributes = {};
  for (const [path, name] of Object.entries(ATTRIBUTE_FIELDS)) {
    const text = textOf(record, path);
    if (text === '') continue;
    if (text.length > MAX_TEXT_LENGTH) {
      throw invalidField(path, `is over ${MAX_TEXT_LENGTH} characters`);
    }
    if (CONTROL_CHARACTERS.test(text)) {
      throw invalidField(path, 'holds control or invisible formatting characters');
    }
    if (name === 'email' && !EMAIL_SHAPE.test(text)) {
      throw invalidField(path, 'is not an ASCII email address');
    }
    attributes[name] = text;
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

/** Names the field, never its value, which is personal data. */
function invalidField(path: string, rule: string): HrReadError {
  return new HrReadError(`the employee record's ${path} ${rule}`, 'hr.invalid_record', false);
}

/** SHA-256 of the value as JSON with sorted keys, so equal content gives equal ids. */
function contentHash(content: unknown): string {
  return createHash('sha256').update(canonicalJson(content)).digest('hex').slice(0, 32);
}

function canonicalJson(content: unknown): string {
  if (Array.isArray(content)) return `[${content.map(canonicalJson).join(',')}]`;
  if (content !== null && typeof content === 'object') {
    const record = content as Record<string, unknown>;
    const members = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);

    return `{${members.join(',')}}`;
  }

  return JSON.stringify(content) ?? 'null';
}

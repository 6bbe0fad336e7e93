/**
 * The Personio HR reader: fetches one person and their latest employment through Personio's API
 * v2 and returns the record as a snapshot of canonical events (see snapshot.ts), for the v2
 * webhooks that carry only ids.
 *
 * Confirmed in Personio's documentation: the client-credentials token at `POST /v2/auth/token`
 * (form body; a stable `papi-` token for 24 h), `GET /v2/persons/{id}` with `first_name`,
 * `last_name`, `preferred_name` and `email`, and `GET /v2/persons/{id}/employments` (most recent
 * first, in `_data`) with `supervisor`, `office`, `org_units`, `position`, `status`, `start_date`
 * and `termination`. UNVERIFIED: the inner shapes (`position.title`, `org_units[].type` and
 * `.name`, `office.name`, `supervisor.id`, `termination.last_working_date`), and whether names
 * come back at all: Personio returns only the attributes the credentials may read, so names left
 * out simply leave the attribute out.
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

export const PERSONIO_READER_SOURCE = 'personio';

/** Personio's API host. */
export const PERSONIO_API_URL = 'https://api.personio.de';

export interface PersonioReaderOptions {
  /** `PERSONIO_API_URL`, or the emulator's URL in embedded mode. */
  apiUrl: string;
  /** The API credentials (Settings > Integrations > API credentials), with persons read access. */
  clientId: string;
  clientSecret: string;
  /** Per request; shorter than the activity's own timeout so that a hung call is retried. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** A token is renewed this long before Personio says it expires, so no read races its expiry. */
const RENEW_BEFORE_MS = 60_000;
/** When the token answer names no lifetime (Personio's say 24 h, UNVERIFIED that all do). */
const DEFAULT_TOKEN_LIFETIME_MS = 10 * 60_000;
/** A Retry-After beyond this is taken as this, as for reads (http-read.ts). */
const MAX_RETRY_AFTER_MS = 10 * 60_000;
const DENIED_HINT =
  'check TENURE_PERSONIO_CLIENT_ID and TENURE_PERSONIO_CLIENT_SECRET, and that the credentials ' +
  'may read persons and employments';

// Personio's employment ids are UUIDs; anything else is left out of the keys.
const EMPLOYMENT_ID = /^[A-Za-z0-9-]{1,64}$/;

const leaf = z.union([z.string(), z.number()]).nullish();
const tokenSchema = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number().positive().optional(),
});
const listSchema = z.looseObject({ _data: z.array(z.record(z.string(), z.unknown())) });

type Json = Record<string, unknown>;
interface Token {
  value: string;
  renewAt: number;
}

/** Creates the reader for one Personio company (its API credentials decide which company). */
export function createPersonioReader(options: PersonioReaderOptions): HrReader {
  const base = options.apiUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let cached: Token | undefined;
  let pending: Promise<Token> | undefined;

  /** The cached token, or a new one; concurrent reads share a single token request. */
  const token = async (): Promise<{ value: string; fresh: boolean }> => {
    if (cached && Date.now() < cached.renewAt) return { value: cached.value, fresh: false };
    pending ??= fetchToken(base, options, timeoutMs).finally(() => (pending = undefined));
    cached = await pending;

    return { value: cached.value, fresh: true };
  };

  /** A GET with the token; a refused cached token (revoked, expired early) is renewed once. */
  const get = async (path: string): Promise<unknown> => {
    const read = (value: string) =>
      readJson({
        url: `${base}${path}`,
        authorization: `Bearer ${value}`,
        timeoutMs,
        vendor: 'Personio',
        deniedHint: DENIED_HINT,
      });
    const { value, fresh } = await token();
    try {
      return await read(value);
    } catch (error) {
      if (fresh || !(error instanceof HrReadError) || error.code !== 'hr.denied') throw error;
      if (cached?.value === value) cached = undefined;

      return read((await token()).value);
    }
  };

  return {
    source: PERSONIO_READER_SOURCE,
    async read(hrId, readAt) {
      if (!HR_ID_PATTERN.test(hrId)) {
        throw new HrReadError('the HR id is not a Personio person id', 'hr.not_found', false);
      }
      const path = `/v2/persons/${encodeURIComponent(hrId)}`;

      const person = objectOf(await get(path), 'person');
      // The most recent employment is the one that decides access now; asking for one row
      // keeps the personal data read to what is used.
      const list = listSchema.safeParse(await get(`${path}/employments?limit=1`));
      if (!list.success) throw invalidField('employments', 'is not a list in _data');
      const employment = list.data._data[0] ?? {};

      const events = snapshotEvents(PERSONIO_READER_SOURCE, hrId, readAt, {
        attributes: attributesOf(person, employment),
        startDate: dateOf(employment, ['start_date']),
        // The last working day ends access; the legal termination date may come later.
        terminationDate:
          dateOf(employment, ['termination', 'last_working_date']) ??
          dateOf(employment, ['termination', 'termination_date']),
        status: statusOf(employment),
      });
      // The employment's id joins every key, so that an employment HR deleted (which withdrew
      // the hire) and then created again reads as new news, not as a redelivery of the old hire.
      const employmentId = textOf(employment, ['id'], 'employment');

      return EMPLOYMENT_ID.test(employmentId)
        ? events.map((event) => ({ ...event, eventId: `${event.eventId}:${employmentId}` }))
        : events;
    },
  };
}

/**
 * `POST /v2/auth/token` with the client-credentials grant. Refused credentials (400, 401 or 403,
 * as OAuth servers differ) are final; throttling and 5xx or network failures are retried.
 */
async function fetchToken(
  base: string,
  options: PersonioReaderOptions,
  timeoutMs: number,
): Promise<Token> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: options.clientId,
    client_secret: options.clientSecret,
  });
  let response: Response;
  try {
    response = await fetch(`${base}/v2/auth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: form.toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'failed';
    throw new HrReadError(`the Personio token request ${reason}`, 'hr.unavailable', true);
  }

  const said = `Personio's token endpoint answered ${response.status}`;
  if (!response.ok) {
    // The body is not read: an OAuth error says nothing the status does not.
    await response.body?.cancel();
    const { status } = response;
    if (status === 400 || status === 401 || status === 403) {
      throw new HrReadError(`${said}: ${DENIED_HINT}`, 'hr.denied', false);
    }
    if (status === 429) {
      throw new HrReadError(said, 'hr.rate_limited', true, retryAfterMs(response.headers));
    }
    if (status >= 500) throw new HrReadError(said, 'hr.unavailable', true);
    throw new HrReadError(`${said}; check TENURE_PERSONIO_API_URL`, 'hr.invalid_record', false);
  }

  let parsed: ReturnType<typeof tokenSchema.safeParse>;
  try {
    parsed = tokenSchema.safeParse(JSON.parse(await response.text()));
  } catch {
    parsed = tokenSchema.safeParse(undefined);
  }
  if (!parsed.success) {
    throw new HrReadError(`${said} without an access token`, 'hr.invalid_record', false);
  }
  const lifetimeMs = (parsed.data.expires_in ?? 0) * 1000 || DEFAULT_TOKEN_LIFETIME_MS;

  return {
    value: parsed.data.access_token,
    // Short-lived tokens are renewed halfway instead, so the margin never swallows them whole.
    renewAt: Date.now() + Math.max(lifetimeMs - RENEW_BEFORE_MS, lifetimeMs / 2),
  };
}

function attributesOf(person: Json, employment: Json): PersonAttributes {
  const fields: [string[], Json, keyof PersonAttributes, string][] = [
    [['first_name'], person, 'firstName', 'person'],
    [['last_name'], person, 'lastName', 'person'],
    [['preferred_name'], person, 'preferredName', 'person'],
    [['email'], person, 'email', 'person'],
    [['position', 'title'], employment, 'title', 'employment'],
    [['office', 'name'], employment, 'location', 'employment'],
  ];
  const attributes: PersonAttributes = {};
  for (const [path, record, name, prefix] of fields) {
    const text = textOf(record, path, prefix);
    if (text !== '') attributes[name] = checkedAttribute(`${prefix}.${path.join('.')}`, name, text);
  }
  const department = departmentOf(employment);
  if (department !== '') {
    attributes.department = checkedAttribute('employment.org_units', 'department', department);
  }
  // The supervisor is a person id; anything else is left out, since a name is no HR id.
  const managerId = textOf(employment, ['supervisor', 'id'], 'employment');
  if (HR_ID_PATTERN.test(managerId)) attributes.managerId = managerId;

  return attributes;
}

/** The name of the org unit of type `department` (teams decide nothing here). */
function departmentOf(employment: Json): string {
  const units = employment.org_units ?? [];
  if (!Array.isArray(units)) throw invalidField('employment.org_units', 'is not a list');
  const department = units.find(
    (unit): unit is Json =>
      typeof unit === 'object' && unit !== null && String((unit as Json).type) === 'department',
  );

  return department ? textOf(department, ['name'], 'employment.org_units[department]') : '';
}

function dateOf(employment: Json, path: string[]): LocalDate | undefined {
  const text = textOf(employment, path, 'employment');
  if (text === '') return undefined;
  // A date-time at midnight means the date.
  const date = /^\d{4}-\d{2}-\d{2}T00:00(:00(\.0+)?)?Z?$/.test(text) ? text.slice(0, 10) : text;
  if (!isLocalDate(date)) throw invalidField(`employment.${path.join('.')}`, 'is not a date');

  return date;
}

/** Onboarding and leave are employments still in force; only INACTIVE ends one. */
function statusOf(employment: Json): 'active' | 'inactive' | undefined {
  const status = textOf(employment, ['status'], 'employment').toUpperCase();
  if (status === '') return undefined;
  if (status === 'INACTIVE') return 'inactive';
  if (['ACTIVE', 'ONBOARDING', 'LEAVE'].includes(status)) return 'active';

  throw invalidField('employment.status', 'is not ACTIVE, ONBOARDING, LEAVE or INACTIVE');
}

/** The value at `path` as trimmed text; '' when absent or null on the way. */
function textOf(record: Json, path: string[], prefix: string): string {
  let value: unknown = record;
  for (const key of path) {
    if (value === null || value === undefined) return '';
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw invalidField(`${prefix}.${path.join('.')}`, 'is not an object');
    }
    value = Object.hasOwn(value, key) ? (value as Json)[key] : undefined;
  }
  const parsed = leaf.safeParse(value);
  if (!parsed.success) throw invalidField(`${prefix}.${path.join('.')}`, 'is not text');

  return parsed.data === null || parsed.data === undefined ? '' : String(parsed.data).trim();
}

function objectOf(data: unknown, what: string): Json {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw invalidField(what, 'is not an object');
  }

  return data as Json;
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now; undefined if absent. */
function retryAfterMs(headers: Headers): number | undefined {
  const header = headers.get('retry-after')?.trim();
  if (!header) return undefined;
  const ms = /^\d+$/.test(header) ? Number(header) * 1000 : Date.parse(header) - Date.now();

  return Number.isNaN(ms) ? undefined : Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

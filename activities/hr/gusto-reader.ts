/**
 * The Gusto HR reader: fetches one employee through `GET /v1/employees/{uuid}` and returns the
 * record as a snapshot of canonical events (see snapshot.ts), for the webhooks that carry only
 * ids. Field meanings are from Gusto's API reference (API version 2025-06-15):
 *
 * - The start date is the first hire date (`hired_at`, any job's `hire_date`, "hired or rehired
 *   for the job") after the last termination that ended an earlier employment, so that a rehire
 *   starts a new employment while a second job does not move the start. Which dates Gusto moves
 *   on a rehire is UNVERIFIED; this covers `hired_at`, the job or both. Were it neither, a rehire
 *   would keep the old start date (`/v1/employees/{uuid}/employment_history` would then be the
 *   place to read it).
 * - A termination's `effective_date` is the employee's last day of work, as Tenure's is. A
 *   termination that has taken effect (`active`) while the employee is not `terminated` belongs to
 *   an employment before a rehire and is left out. Cancelled terminations are deleted in Gusto,
 *   so they do not appear.
 * - `email` is the employee's personal address and is never used; the work address is
 *   `work_email`, and without one the policy's email template applies.
 * - `terminated` without any termination date means the person is gone now.
 * - The location is the primary job's location city (UNVERIFIED that the employee answer embeds
 *   it); the policy maps it to a time zone.
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
import { checkedAttribute, invalidField, snapshotEvents, type RecordFacts } from './snapshot';

export const GUSTO_READER_SOURCE = 'gusto';

/** Gusto's production API host (the demo environment is https://api.gusto-demo.com). */
export const GUSTO_API_URL = 'https://api.gusto.com';

/**
 * Sent as `X-Gusto-API-Version`, so that the answer's shape does not change when the
 * application's minimum version is raised; the fields read here are those of this version.
 */
export const GUSTO_API_VERSION = '2025-06-15';

export interface GustoReaderOptions {
  /** `GUSTO_API_URL`, or the emulator's URL in embedded mode. */
  apiUrl: string;
  /** An access token that may read employees (scope `employees:read`). */
  token: string;
  /** Per request; shorter than the activity's own timeout so that a hung call is retried. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** Gusto's `current_employment_status` in the words policies use (as BambooHR writes them). */
const EMPLOYMENT_TYPES = new Map([
  ['full_time', 'Full-Time'],
  ['part_time_under_twenty_hours', 'Part-Time'],
  ['part_time_twenty_plus_hours', 'Part-Time'],
  ['variable', 'Variable'],
  ['seasonal', 'Seasonal'],
]);

// Only the fields read are checked; Gusto's answer has many more, which are ignored.
const text = z.string().nullish();
const flag = z.boolean().nullish();
const jobSchema = z.looseObject({
  title: text,
  hire_date: text,
  primary: flag,
  location: z.looseObject({ city: text }).nullish(),
});
const terminationSchema = z.looseObject({ effective_date: text, active: flag });
const employeeSchema = z.looseObject({
  uuid: text,
  first_name: text,
  last_name: text,
  preferred_first_name: text,
  work_email: text,
  department: text,
  manager_uuid: text,
  title: text,
  hired_at: text,
  terminated: flag,
  current_employment_status: text,
  jobs: z.array(jobSchema).nullish(),
  terminations: z.array(terminationSchema).nullish(),
});

type Employee = z.output<typeof employeeSchema>;
type Job = z.output<typeof jobSchema>;

/** Creates the reader for the Gusto companies its token may see. */
export function createGustoReader(options: GustoReaderOptions): HrReader {
  const base = options.apiUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  return {
    source: GUSTO_READER_SOURCE,
    async read(hrId, readAt) {
      if (!HR_ID_PATTERN.test(hrId)) {
        throw new HrReadError('the HR id is not a Gusto employee UUID', 'hr.not_found', false);
      }

      const request = {
        url: `${base}/v1/employees/${encodeURIComponent(hrId)}`,
        authorization: `Bearer ${options.token}`,
        headers: { 'X-Gusto-API-Version': GUSTO_API_VERSION },
        timeoutMs,
        vendor: 'Gusto',
        deniedHint: 'check TENURE_GUSTO_API_TOKEN and that it may read employees (employees:read)',
      };
      const employee = employeeOf(await readJson(request), hrId);

      return snapshotEvents(GUSTO_READER_SOURCE, hrId, readAt, factsOf(employee));
    },
  };
}

function employeeOf(data: unknown, hrId: string): Employee {
  const parsed = employeeSchema.safeParse(data);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.map(String).join('.') || 'body';
    throw invalidField(field, 'has an unexpected type');
  }
  // A proxy or a mix-up of ids must not put one person's record on another.
  const uuid = parsed.data.uuid?.trim().toLowerCase();
  if (uuid && uuid !== hrId.toLowerCase()) {
    throw invalidField('uuid', 'is not the UUID of the employee asked for');
  }

  return parsed.data;
}

function factsOf(employee: Employee): RecordFacts {
  const jobs = employee.jobs ?? [];
  const primary = jobs.find((job) => job.primary === true) ?? jobs[0];
  const hireDates = [
    dateOf('hired_at', employee.hired_at),
    ...jobs.map((job, index) => dateOf(`jobs[${index}].hire_date`, job.hire_date)),
  ].filter((date) => date !== undefined);
  const terminations = (employee.terminations ?? []).map((termination, index) => ({
    lastDay: dateOf(`terminations[${index}].effective_date`, termination.effective_date),
    // In effect while the employee is not terminated: it ended an employment before a rehire.
    earlier: termination.active === true && employee.terminated === false,
  }));

  const startDate = currentStart(
    hireDates,
    terminations.flatMap((t) => (t.lastDay === undefined ? [] : [t.lastDay])),
  );
  const terminationDate = latest(terminations.filter((t) => !t.earlier).map((t) => t.lastDay));
  // Gone without a known last day: snapshotEvents then ends access at once.
  const gone = employee.terminated === true && terminationDate === undefined;

  return {
    attributes: attributesOf(employee, primary, primary ? jobs.indexOf(primary) : -1),
    ...(startDate === undefined ? {} : { startDate }),
    ...(terminationDate === undefined ? {} : { terminationDate }),
    ...(gone ? { status: 'inactive' as const } : {}),
  };
}

/**
 * The first day of the current employment: the earliest hire date after the last day that ended
 * an earlier one. A job added later (a second job, or a new role) does not move it; a rehire,
 * whose job hire date follows a termination, does.
 */
function currentStart(hireDates: LocalDate[], lastDays: LocalDate[]): LocalDate | undefined {
  const newest = latest(hireDates);
  if (newest === undefined) return undefined;
  const endedBefore = latest(lastDays.filter((day) => day < newest));

  return earliest(hireDates.filter((date) => endedBefore === undefined || date > endedBefore));
}

function attributesOf(employee: Employee, job: Job | undefined, index: number): PersonAttributes {
  const attributes: PersonAttributes = {};
  const set = (field: string, name: keyof PersonAttributes, raw: string | null | undefined) => {
    const value = raw?.trim() ?? '';
    if (value !== '') attributes[name] = checkedAttribute(field, name, value);
  };

  set('first_name', 'firstName', employee.first_name);
  set('last_name', 'lastName', employee.last_name);
  set('preferred_first_name', 'preferredName', employee.preferred_first_name);
  set('work_email', 'email', employee.work_email);
  set('department', 'department', employee.department);
  set('manager_uuid', 'managerId', employee.manager_uuid);
  if (job?.title?.trim()) {
    set(`jobs[${index}].title`, 'title', job.title);
  } else {
    set('title', 'title', employee.title);
  }
  set(`jobs[${index}].location.city`, 'location', job?.location?.city);
  const status = employee.current_employment_status?.trim() ?? '';
  set('current_employment_status', 'employmentType', EMPLOYMENT_TYPES.get(status) ?? status);

  return attributes;
}

/** The date, or undefined when empty; throws naming the field when it is not YYYY-MM-DD. */
function dateOf(field: string, raw: string | null | undefined): LocalDate | undefined {
  const value = raw?.trim() ?? '';
  if (value === '') return undefined;
  if (!isLocalDate(value)) throw invalidField(field, 'is not a YYYY-MM-DD date');

  return value;
}

function latest(dates: (LocalDate | undefined)[]): LocalDate | undefined {
  return dates.reduce<LocalDate | undefined>(
    (later, date) => (date !== undefined && (later === undefined || date > later) ? date : later),
    undefined,
  );
}

function earliest(dates: LocalDate[]): LocalDate | undefined {
  return dates.reduce<LocalDate | undefined>(
    (sooner, date) => (sooner === undefined || date < sooner ? date : sooner),
    undefined,
  );
}

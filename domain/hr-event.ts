/**
 * The canonical HR event: what every intake adapter produces and the only shape the person
 * workflow understands. Nothing past an adapter knows which HR source an event came from, apart
 * from the source name that scopes the person's id.
 */

/** A local calendar date, `YYYY-MM-DD`, in the person's time zone. */
export type LocalDate = string;

/** HR attributes Tenure reads; every one optional because an update carries only what changed. */
export interface PersonAttributes {
  firstName?: string;
  lastName?: string;
  preferredName?: string;
  email?: string;
  /** The company-assigned employee number; defaults to the HR id when a source has none. */
  employeeNumber?: string;
  department?: string;
  title?: string;
  location?: string;
  costCenter?: string;
  /** The manager's HR id, never a name. */
  managerId?: string;
  employmentType?: string;
  /** IANA zone such as `Europe/Berlin`; when absent the policy derives it from the location. */
  timeZone?: string;
  /**
   * For fixed-term workers: the last working day of the contract. It ends access like a
   * scheduled termination; a later date sent as an update extends it.
   */
  contractEndDate?: LocalDate;
}

export const ATTRIBUTE_NAMES = [
  'firstName',
  'lastName',
  'preferredName',
  'email',
  'employeeNumber',
  'department',
  'title',
  'location',
  'costCenter',
  'managerId',
  'employmentType',
  'timeZone',
  'contractEndDate',
] as const satisfies readonly (keyof PersonAttributes)[];

export type AttributeName = (typeof ATTRIBUTE_NAMES)[number];

export type HrEventKind =
  /** A new hire (or a rehire of a known HR id) with a start date. */
  | 'hire'
  /** Attribute changes, effective on `effectiveDate` (today when absent). */
  | 'update'
  /** A termination whose last working day is `effectiveDate`, or at once when `immediate`. */
  | 'terminate'
  /** HR withdrew the termination. */
  | 'rescind_termination'
  /** HR withdrew the hire before the start date. */
  | 'rescind_hire'
  /** A leave of absence starting on `effectiveDate`, optionally ending on `returnDate`. */
  | 'leave_start'
  /** The person is back (on `effectiveDate`, today when absent). */
  | 'leave_end'
  /**
   * The source says the person's record changed but sends no data (BambooHR event-based, HiBob
   * v2, Personio, Gusto): the workflow reads the record through the source's HR reader.
   */
  | 'refresh';

/** The kinds that carry their own data; `refresh` is only ever made by dataless adapters. */
export const HR_EVENT_KINDS: readonly HrEventKind[] = [
  'hire',
  'update',
  'terminate',
  'rescind_termination',
  'rescind_hire',
  'leave_start',
  'leave_end',
];

export interface HrEvent {
  /** Idempotency key: the source's event id, or a hash of the delivery's content. */
  eventId: string;
  /** The HR system's name, such as `generic` or `bamboohr`; scopes the HR id. */
  source: string;
  /** The person's opaque id in that HR system. */
  hrId: string;
  kind: HrEventKind;
  /** When the source says the event happened (ISO 8601 instant); breaks ties between events. */
  occurredAt: string;
  /** When the change takes effect, as a local date; the start date for a hire. */
  effectiveDate?: LocalDate;
  /** For `terminate`: act now instead of at the end of the last day. */
  immediate?: boolean;
  /** For `leave_start`: the planned return date, when known. */
  returnDate?: LocalDate;
  attributes?: PersonAttributes;
}

const LOCAL_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** True for a real calendar date written as `YYYY-MM-DD`. */
export function isLocalDate(value: string): boolean {
  if (!LOCAL_DATE.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);

  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** HR ids become part of workflow ids, so they are limited to a safe, opaque alphabet. */
export const HR_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

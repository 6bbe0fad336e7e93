/**
 * How one employee entry of a BambooHR field-based webhook becomes one canonical HR event.
 * BambooHR says what changed, not what it means, so the lifecycle meaning is inferred here:
 *
 * - Created: a hire starting on the hire date.
 * - Deleted: the hire is rescinded (the person workflow decides what that means after the start).
 * - Updated, in this order of precedence:
 *   1. status Inactive, or a termination date that is among the changed fields: a termination on
 *      that date; Inactive without any termination date is treated as immediate, because access
 *      lingering for someone BambooHR already shows as gone is the worse mistake.
 *   2. the termination date changed to empty while the status is not Inactive: HR withdrew the
 *      termination.
 *   3. the hire date changed while the status is Active: a rehire or a moved start date, both a
 *      hire on the new date. Status must be posted; without it a hire date change alone could
 *      re-provision a leaver whose history was corrected.
 *   4. anything else: an attribute update, effective when received.
 */
import { HR_ID_PATTERN, type HrEvent } from '../../domain/hr-event';
import { fieldForKey, readFields, type BambooField, type BambooRecord } from './bamboohr-fields';
import { contentHash } from './canonical-json';
import { HR_ID_RULE } from './field-rules';
import { invalidField } from './json-body';
import { EARLIEST_EVENT, FUTURE_SKEW_MS } from './field-rules';
import { parseIsoInstant, parseUnixSeconds } from './timestamps';

export const BAMBOOHR_SOURCE = 'bamboohr';

/** One entry of `employees[]` after the envelope schema has checked its types. */
export interface BambooEmployee {
  id: string | number;
  action: 'created' | 'updated' | 'deleted';
  /** Exactly as sent, for the content hash; the action above is normalised to lower case. */
  rawAction: string;
  timestamp?: string | number | null;
  changedFields?: string[] | null;
  fields: Record<string, unknown>;
}

type EventBase = Pick<HrEvent, 'eventId' | 'source' | 'hrId' | 'occurredAt'>;

const HIRE_REQUIREMENTS: ['hireDate' | 'firstName' | 'lastName' | 'email', string][] = [
  ['hireDate', 'Hire Date (hireDate)'],
  ['firstName', 'First Name (firstName)'],
  ['lastName', 'Last Name (lastName)'],
  ['email', 'Work Email (workEmail)'],
];

/**
 * The event for `employees[index]`.
 * @throws IntakeError naming `employees[index]` and the field when the entry cannot be mapped.
 */
export function mapEmployee(employee: BambooEmployee, index: number, receivedAt: Date): HrEvent {
  const path = ['employees', index];
  const hrId = String(employee.id);
  if (!HR_ID_PATTERN.test(hrId)) throw invalidField([...path, 'id'], HR_ID_RULE);

  const base: EventBase = {
    eventId: eventIdOf(employee),
    source: BAMBOOHR_SOURCE,
    hrId,
    occurredAt: occurredAtOf(employee.timestamp, receivedAt),
  };

  // A deletion needs no values, so whatever fields came with it cannot make it fail.
  if (employee.action === 'deleted') return { ...base, kind: 'rescind_hire' };

  const record = readFields(employee.fields, [...path, 'fields']);
  if (employee.action === 'created') return hireEvent(base, record, path);

  return updatedEvent(base, record, changedFieldsOf(employee), path);
}

function updatedEvent(
  base: EventBase,
  record: BambooRecord,
  changed: ReadonlySet<BambooField>,
  path: PropertyKey[],
): HrEvent {
  const terminationChanged = changed.has('terminationDate');
  const terminationSet = record.terminationDate !== undefined && terminationChanged;

  if (record.status === 'inactive' || terminationSet) {
    const timing =
      record.terminationDate !== undefined
        ? { effectiveDate: record.terminationDate }
        : { immediate: true };

    return withAttributes({ ...base, kind: 'terminate', ...timing }, record);
  }

  if (terminationChanged && record.terminationDateCleared) {
    return withAttributes({ ...base, kind: 'rescind_termination' }, record);
  }

  if (changed.has('hireDate') && record.status === 'active') return hireEvent(base, record, path);

  return withAttributes({ ...base, kind: 'update' }, record);
}

/** A hire must be complete on its own: the workflow may never have seen this person before. */
function hireEvent(base: EventBase, record: BambooRecord, path: PropertyKey[]): HrEvent {
  const missing = HIRE_REQUIREMENTS.filter(([field]) =>
    field === 'hireDate' ? record.hireDate === undefined : record.attributes[field] === undefined,
  ).map(([, label]) => label);
  if (missing.length > 0) {
    throw invalidField(
      [...path, 'fields'],
      `a hire needs ${missing.join(', ')}; add the missing fields to the webhook`,
    );
  }

  return withAttributes({ ...base, kind: 'hire', effectiveDate: record.hireDate }, record);
}

function withAttributes(event: HrEvent, record: BambooRecord): HrEvent {
  return Object.keys(record.attributes).length > 0
    ? { ...event, attributes: { ...record.attributes } }
    : event;
}

function changedFieldsOf(employee: BambooEmployee): ReadonlySet<BambooField> {
  const changed = new Set<BambooField>();
  for (const key of employee.changedFields ?? []) {
    const field = fieldForKey(key);
    if (field !== undefined) changed.add(field);
  }

  return changed;
}

/**
 * A hash of the entry's content as sent, so a redelivery of the same change gets the same key and
 * is acknowledged without effect, while a later change (new timestamp or values) gets a new one.
 */
function eventIdOf(employee: BambooEmployee): string {
  const { id, rawAction: action, timestamp, fields } = employee;

  return `${BAMBOOHR_SOURCE}:${contentHash({ id, action, timestamp, fields })}`;
}

function occurredAtOf(timestamp: string | number | null | undefined, receivedAt: Date): string {
  const parsed =
    typeof timestamp === 'number'
      ? parseUnixSeconds(timestamp)
      : typeof timestamp === 'string'
        ? (parseUnixSeconds(timestamp) ?? parseIsoInstant(timestamp.trim()))
        : undefined;

  // A time in the future or before 2000 is a sender's mistake; it must not win ordering forever.
  const plausible =
    parsed !== undefined &&
    parsed >= EARLIEST_EVENT &&
    Date.parse(parsed) <= receivedAt.getTime() + FUTURE_SKEW_MS;

  return plausible ? parsed : receivedAt.toISOString();
}

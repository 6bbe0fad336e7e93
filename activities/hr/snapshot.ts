/**
 * An HR record as a snapshot of canonical events, shared by every HR reader: a `hire` on the
 * start date carrying the current attributes, then a `terminate` or a `rescind_termination`
 * saying whether the record shows a termination. Every event happened at `readAt` (the record
 * says what is true now, not when it became so), and its id hashes what it says, so reading an
 * unchanged record again folds to nothing.
 */
import { createHash } from 'node:crypto';

import { canonicalJson } from '../../domain/canonical-json';
import {
  HR_ID_PATTERN,
  type HrEvent,
  type LocalDate,
  type PersonAttributes,
} from '../../domain/hr-event';
import { HrReadError } from './port';

/** What a reader found in the record, already checked. */
export interface RecordFacts {
  attributes: PersonAttributes;
  startDate?: LocalDate;
  terminationDate?: LocalDate;
  status?: 'active' | 'inactive';
}

type Fact = Pick<HrEvent, 'kind' | 'effectiveDate' | 'immediate' | 'attributes'>;

export function snapshotEvents(
  source: string,
  hrId: string,
  readAt: string,
  facts: RecordFacts,
): HrEvent[] {
  const { attributes, startDate, terminationDate, status } = facts;
  checkDateRange('start date', startDate);
  checkDateRange('termination date', terminationDate);
  // The termination facts' ids also name the employment (its start date), so that leaving again
  // after a rehire is new news rather than a duplicate of the first leaving.
  const eventOf = (fact: Fact): HrEvent => ({
    eventId: `${source}:record:${contentHash({ hrId, startDate, ...fact })}`,
    source,
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
  // Inactive with no current termination date: access lingering for someone the HR system
  // already shows as gone is the worse mistake, so it ends now.
  if (status === 'inactive') return [hire, eventOf({ kind: 'terminate', immediate: true })];

  return [hire, eventOf({ kind: 'rescind_termination' })];
}

// The intake adapters' range for HR dates: outside it a date is a typo or a placeholder, and a
// timer set from it would fire at once or never.
const EARLIEST_HR_DATE = '1900-01-01';
const LATEST_HR_DATE = '2199-12-31';

function checkDateRange(field: string, date: LocalDate | undefined): void {
  if (date !== undefined && (date < EARLIEST_HR_DATE || date > LATEST_HR_DATE)) {
    throw invalidField(field, `is not a date from ${EARLIEST_HR_DATE} to ${LATEST_HR_DATE}`);
  }
}

const MAX_TEXT_LENGTH = 256;
// The intake adapters' rules (server/adapters/field-rules.ts), which this layer may not import:
// ASCII emails, so that a look-alike character cannot become someone else's login, and no
// control or invisible formatting characters or lone UTF-16 surrogates.
const EMAIL_SHAPE = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
const CONTROL_CHARACTERS = /[\p{Cc}\p{Cf}\p{Cs}]/u;

/** The attribute's text if it passes the intake rules; throws naming `field` otherwise. */
export function checkedAttribute(
  field: string,
  name: keyof PersonAttributes,
  text: string,
): string {
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

  return text;
}

/** Names the field, never its value, which is personal data. */
export function invalidField(field: string, rule: string): HrReadError {
  return new HrReadError(`the employee record's ${field} ${rule}`, 'hr.invalid_record', false);
}

/** SHA-256 of the value as JSON with sorted keys, so equal content gives equal ids. */
function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 32);
}

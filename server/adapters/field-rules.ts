/**
 * Limits and messages shared by every adapter, so that the same mistake reads the same whichever
 * source made it. Messages state the rule and never include the offending value.
 */
import { isLocalDate } from '../../domain/hr-event';

export const MAX_TEXT_LENGTH = 256;

// Only the shape; whether the mailbox exists is for the identity provider to find out. ASCII
// only: a look-alike character (a Kelvin sign for a K) must not become someone else's login.
export const EMAIL_SHAPE = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/**
 * Control and invisible format characters (NUL, escapes, right-to-left overrides, zero widths),
 * and lone UTF-16 surrogates (`\ud800` from a JSON escape), which are no character at all and
 * which a UTF-8 encoder downstream would replace or refuse. With the `u` flag a well-formed pair
 * is read as one code point, so only a surrogate without its partner is \p{Cs}.
 */
export const CONTROL_CHARACTERS = /[\p{Cc}\p{Cf}\p{Cs}]/u;
export const CONTROL_RULE = 'must not contain control or invisible formatting characters';

/** How far ahead of Tenure's clock a sender's event time may be, for clock skew. */
export const FUTURE_SKEW_MS = 5 * 60 * 1000;
/** Event times before this are mistakes (a zero, a seconds-for-milliseconds mix-up). */
export const EARLIEST_EVENT = '2000-01-01T00:00:00.000Z';

export const EMAIL_RULE = 'expected an ASCII email address such as name@example.com';
export const HR_ID_RULE =
  'expected 1-64 characters of letters, digits, ".", "_" or "-", starting with a letter or digit';
export const LOCAL_DATE_RULE = 'expected YYYY-MM-DD (a real calendar date)';
export const TIME_ZONE_RULE = 'expected an IANA time zone such as Europe/Berlin';

// HR dates (starts, last days, leaves, contract ends) outside these are typing mistakes or
// placeholders (`0000-01-01`, `9999-12-31`): taken at their word they would schedule a timer
// centuries away or end an employment before it could have begun. The range still holds a
// decades-old original hire date and any contract end a person could live to see.
export const EARLIEST_HR_DATE = '1900-01-01';
export const LATEST_HR_DATE = '2199-12-31';
export const HR_DATE_RANGE_RULE = `expected a date from ${EARLIEST_HR_DATE} to ${LATEST_HR_DATE}`;

/** Why `text` is no usable HR date (the rule it breaks), or undefined when it is one. */
export function hrDateProblem(text: string): string | undefined {
  if (!isLocalDate(text)) return LOCAL_DATE_RULE;

  return text >= EARLIEST_HR_DATE && text <= LATEST_HR_DATE ? undefined : HR_DATE_RANGE_RULE;
}

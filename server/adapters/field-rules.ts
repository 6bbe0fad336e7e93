/**
 * Limits and messages shared by every adapter, so that the same mistake reads the same whichever
 * source made it. Messages state the rule and never include the offending value.
 */
export const MAX_TEXT_LENGTH = 256;

// Only the shape; whether the mailbox exists is for the identity provider to find out. ASCII
// only: a look-alike character (a Kelvin sign for a K) must not become someone else's login.
export const EMAIL_SHAPE = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/** Control and invisible format characters (NUL, escapes, right-to-left overrides, zero widths). */
export const CONTROL_CHARACTERS = /[\p{Cc}\p{Cf}]/u;
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

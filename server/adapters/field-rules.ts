/**
 * Limits and messages shared by every adapter, so that the same mistake reads the same whichever
 * source made it. Messages state the rule and never include the offending value.
 */
export const MAX_TEXT_LENGTH = 256;

// Only the shape; whether the mailbox exists is for the identity provider to find out.
export const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const EMAIL_RULE = 'expected an email address such as name@example.com';
export const HR_ID_RULE =
  'expected 1-64 characters of letters, digits, ".", "_" or "-", starting with a letter or digit';
export const LOCAL_DATE_RULE = 'expected YYYY-MM-DD (a real calendar date)';
export const TIME_ZONE_RULE = 'expected an IANA time zone such as Europe/Berlin';

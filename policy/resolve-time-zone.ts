/** Which IANA time zone a person's HR dates are in: it turns a start date into an instant. */
import type { PersonAttributes } from '../domain/hr-event';
import { isTimeZone } from '../domain/instants';
import type { Policy } from './types';

/**
 * The person's own zone when HR gives a valid one, else the zone of their location in
 * `timeZones` (matched case-insensitively), else `defaults.timeZone`.
 */
export function resolveTimeZone(policy: Policy, attributes: PersonAttributes): string {
  const own = attributes.timeZone?.trim();
  // An invalid zone from HR falls through instead of failing: the location is a good second guess.
  if (own && isTimeZone(own)) return own;

  const location = attributes.location?.trim().toLowerCase();
  if (location) {
    const entry = Object.entries(policy.timeZones).find(
      ([name]) => name.trim().toLowerCase() === location,
    );
    if (entry) return entry[1];
  }

  return policy.defaults.timeZone;
}

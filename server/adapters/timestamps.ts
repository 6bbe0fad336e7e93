/**
 * Reading the instants senders put in bodies, normalised to one form so that the workflow can
 * order events by comparing strings.
 */
import { isLocalDate } from '../../domain/hr-event';

// Offsets with or without a colon: BambooHR writes `+0000`, most others `+00:00` or `Z`.
const ISO_INSTANT = new RegExp(
  String.raw`^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?` +
    String.raw`(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)$`,
  'i',
);

/**
 * The instant as `YYYY-MM-DDTHH:mm:ss.sssZ`, or undefined when the text is not an ISO 8601
 * instant. An offset is required: a local time without a zone names no instant.
 */
export function parseIsoInstant(text: string): string | undefined {
  const match = ISO_INSTANT.exec(text);
  if (match === null || !isLocalDate(match[1] as string)) return undefined;

  const withColon = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const millis = Date.parse(withColon);

  return Number.isNaN(millis) ? undefined : new Date(millis).toISOString();
}

/** The instant of a unix time in whole seconds, given as a number or a string of digits. */
export function parseUnixSeconds(value: string | number): string | undefined {
  const seconds =
    typeof value === 'number' ? value : /^\d{1,12}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(seconds) || seconds < 0) return undefined;
  const at = new Date(seconds * 1000);

  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

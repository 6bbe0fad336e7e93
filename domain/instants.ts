/**
 * Turns HR calendar dates into instants with the IANA time-zone database (through luxon), so that
 * 06:00 on a start date means 06:00 on the wall clock of the person's zone, daylight saving
 * included. Pure: the same inputs always give the same instant.
 */
import { DateTime, IANAZone } from 'luxon';

import { isLocalDate, type LocalDate } from './hr-event';

/** A wall-clock time of day, `HH:mm`, 24-hour. */
export type LocalTime = string;

const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export class InvalidInstantInputError extends Error {
  readonly code = 'instant.invalid_input';

  constructor(
    readonly field: 'date' | 'time' | 'timeZone',
    readonly value: string,
  ) {
    super(`Cannot compute an instant: ${field} "${value}" is not valid`);
  }
}

export function isTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

export function isLocalTime(value: string): boolean {
  return LOCAL_TIME.test(value);
}

/**
 * The UTC instant (ISO 8601, milliseconds, `Z`) at which `time` is shown on clocks in `timeZone` on
 * `date`. A time that does not exist on that day (skipped by a spring-forward change) moves
 * forward by the gap, as clocks do; an ambiguous one (repeated in autumn) takes the earlier offset.
 */
export function localInstant(date: LocalDate, time: LocalTime, timeZone: string): string {
  if (!isLocalDate(date)) throw new InvalidInstantInputError('date', date);
  if (!isLocalTime(time)) throw new InvalidInstantInputError('time', time);
  if (!isTimeZone(timeZone)) throw new InvalidInstantInputError('timeZone', timeZone);

  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const local = DateTime.fromISO(date, { zone: timeZone }).set({ hour, minute, second: 0 });

  return local.toUTC().toISO({ suppressMilliseconds: false }) as string;
}

/** The local calendar date of an instant in a zone: "today" for a person. */
export function localDateOf(instant: string | number, timeZone: string): LocalDate {
  const at = typeof instant === 'number' ? DateTime.fromMillis(instant) : DateTime.fromISO(instant);

  return at.setZone(timeZone).toISODate() as string;
}

import {
  InvalidInstantInputError,
  isLocalTime,
  isTimeZone,
  localDateOf,
  localInstant,
} from '../../domain/instants';

function refusal(act: () => unknown): InvalidInstantInputError {
  try {
    act();
  } catch (error) {
    if (error instanceof InvalidInstantInputError) return error;
    throw error;
  }
  throw new Error('expected an InvalidInstantInputError, but an instant was computed');
}

describe('localInstant', () => {
  it('ends a Los Angeles last working day at 18:00 daylight time', () => {
    const end = localInstant('2027-03-31', '18:00', 'America/Los_Angeles');

    expect(end).toBe('2027-04-01T01:00:00.000Z');
  });

  it('starts at 06:00 summer time on the day Berlin clocks go forward', () => {
    const start = localInstant('2027-03-28', '06:00', 'Europe/Berlin');

    expect(start).toBe('2027-03-28T04:00:00.000Z');
  });

  it('uses winter time for midnight on the day Berlin clocks go forward', () => {
    const midnight = localInstant('2027-03-28', '00:00', 'Europe/Berlin');

    expect(midnight).toBe('2027-03-27T23:00:00.000Z');
  });

  it('starts at 06:00 winter time on the day Berlin clocks go back', () => {
    const start = localInstant('2027-10-31', '06:00', 'Europe/Berlin');

    expect(start).toBe('2027-10-31T05:00:00.000Z');
  });

  it('moves a time skipped by the spring change forward by the gap, to 03:30 summer time', () => {
    const skipped = localInstant('2027-03-28', '02:30', 'Europe/Berlin');
    const hourLater = localInstant('2027-03-28', '03:30', 'Europe/Berlin');

    expect(skipped).toBe('2027-03-28T01:30:00.000Z');
    expect(skipped).toBe(hourLater);
  });

  it('takes the earlier, summer-time reading of a time repeated by the autumn change', () => {
    const repeated = localInstant('2027-10-31', '02:30', 'Europe/Berlin');

    expect(repeated).toBe('2027-10-31T00:30:00.000Z');
  });

  it('finds 06:00 on a day whose midnight does not exist in Santiago', () => {
    const midnight = localInstant('2027-09-05', '00:00', 'America/Santiago');
    const start = localInstant('2027-09-05', '06:00', 'America/Santiago');

    expect(midnight).toBe('2027-09-05T04:00:00.000Z');
    expect(start).toBe('2027-09-05T09:00:00.000Z');
  });

  it('computes instants years ahead with the zone rules known for them', () => {
    const winterEnd = localInstant('2041-12-31', '18:00', 'America/New_York');
    const summerStart = localInstant('2041-07-01', '06:00', 'America/New_York');

    expect(winterEnd).toBe('2041-12-31T23:00:00.000Z');
    expect(summerStart).toBe('2041-07-01T10:00:00.000Z');
  });

  it('refuses a calendar date that does not exist', () => {
    const error = refusal(() => localInstant('2027-02-29', '06:00', 'Europe/Berlin'));

    expect(error).toMatchObject({
      code: 'instant.invalid_input',
      field: 'date',
      value: '2027-02-29',
    });
  });

  it.each(['24:00', '6:00', '06:00:00', ''])('refuses the time of day "%s"', (time) => {
    const error = refusal(() => localInstant('2027-03-01', time, 'Europe/Berlin'));

    expect(error).toMatchObject({ field: 'time', value: time });
  });

  it('refuses a time zone the zone database does not know', () => {
    const error = refusal(() => localInstant('2027-03-01', '06:00', 'Mars/Olympus_Mons'));

    expect(error).toMatchObject({ field: 'timeZone', value: 'Mars/Olympus_Mons' });
    expect(error.message).toContain('timeZone "Mars/Olympus_Mons"');
  });
});

describe('localDateOf', () => {
  it('gives the local date on which an instant falls in each zone', () => {
    const instant = '2027-04-01T01:00:00.000Z';

    expect(localDateOf(instant, 'America/Los_Angeles')).toBe('2027-03-31');
    expect(localDateOf(instant, 'Europe/Berlin')).toBe('2027-04-01');
  });

  it('reads epoch milliseconds as the same instant as its ISO form', () => {
    const instant = '2027-10-30T22:30:00.000Z';

    expect(localDateOf(Date.parse(instant), 'Europe/Berlin')).toBe('2027-10-31');
    expect(localDateOf(Date.parse(instant), 'America/New_York')).toBe('2027-10-30');
  });

  it('honours the offset written in an instant', () => {
    const date = localDateOf('2027-03-31T20:00:00-07:00', 'Europe/London');

    expect(date).toBe('2027-04-01');
  });

  it.each([
    ['2027-03-28', '06:00', 'Europe/Berlin'],
    ['2027-10-31', '00:00', 'Europe/Berlin'],
    ['2027-03-31', '18:00', 'America/Los_Angeles'],
    ['2027-11-07', '23:59', 'America/New_York'],
  ])('gives back %s for %s on that day in %s', (date, time, zone) => {
    const instant = localInstant(date, time, zone);

    expect(localDateOf(instant, zone)).toBe(date);
  });
});

describe('input checks', () => {
  it('accepts only 24-hour HH:mm times and IANA zone names', () => {
    expect(['00:00', '06:00', '23:59'].map(isLocalTime)).toEqual([true, true, true]);
    expect(['24:00', '7:30', '06:60'].map(isLocalTime)).toEqual([false, false, false]);
    expect(['Europe/Berlin', 'UTC', 'America/Los_Angeles'].map(isTimeZone)).toEqual([
      true,
      true,
      true,
    ]);
    expect(['Europe/Atlantis', 'Berlin', ''].map(isTimeZone)).toEqual([false, false, false]);
  });
});

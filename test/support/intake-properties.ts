/**
 * What the intake adapters' property tests share: one fixed seed, so that every run generates the
 * same bodies and a failure reproduces; random bytes and arbitrary JSON; and running a parse,
 * which may return events or throw a 4xx IntakeError, and nothing else.
 */
import fc from 'fast-check';

import { HR_ID_PATTERN, type HrEvent } from '../../domain/hr-event';
import { IntakeError, type IncomingDelivery } from '../../server/adapters';
import { EARLIEST_EVENT, FUTURE_SKEW_MS } from '../../server/adapters/field-rules';
import { parseIsoInstant } from '../../server/adapters/timestamps';

const SEED = 20261204;

/** What an act came to: its value, or the 4xx IntakeError it refused the input with. */
export type Attempt<T> = { value: T } | { error: IntakeError };
/** What a parse came to, as an `Attempt` does, its value named `events`. */
export type Outcome = { events: HrEvent[] } | { error: IntakeError };

export const randomBytes = fc.uint8Array({ minLength: 0, maxLength: 200 });
export const arbitraryJson = fc
  .jsonValue({ maxDepth: 4 })
  .map((value) => JSON.stringify(value) ?? 'null');

const whitespace = fc.constantFrom('', ' ', '\t', ' \n');
/**
 * An employee id as an HR system may send it in a body, with the HR id it names: a string, padded
 * or not, or a JSON number. For `fc.oneof`, beside a source's own forms.
 */
export const idsAsSent = [
  fc.stringMatching(HR_ID_PATTERN).map((id) => ({ sent: id as string | number, hrId: id })),
  fc.tuple(whitespace, fc.stringMatching(HR_ID_PATTERN), whitespace).map(([before, id, after]) => ({
    sent: `${before}${id}${after}`,
    hrId: id,
  })),
  fc.maxSafeNat().map((id) => ({ sent: id, hrId: String(id) })),
];
/** What must not pass for an employee id; for `fc.oneof`, beside a source's own. */
export const badIdsAsSent = [
  fc.string({ unit: 'binary', maxLength: 80 }).filter((s) => !HR_ID_PATTERN.test(s.trim())),
  fc.integer({ max: -1 }),
  fc.double({ noInteger: true, noNaN: true, noDefaultInfinity: true }),
  // Past 2^53 a JSON number no longer names one employee; it must not be rounded to another.
  fc.bigInt({ min: 2n ** 53n + 1n, max: 10n ** 20n }).map(Number),
  fc.boolean(),
  fc.constant(null),
];
/** A delivery with some bits of one byte of its body flipped after signing. */
export const tamperedBody = fc
  .tuple(fc.nat(), fc.integer({ min: 1, max: 255 }))
  .map(([i, bits]) => (d: IncomingDelivery) => {
    const rawBody = Buffer.from(d.rawBody);
    const at = i % rawBody.length;
    rawBody.writeUInt8(rawBody.readUInt8(at) ^ bits, at);

    return { ...d, rawBody };
  });

/** Runs `runs` cases of one property, always with the same seed. */
export function check<T>(
  arbitrary: fc.Arbitrary<T>,
  runs: number,
  predicate: (value: T) => void,
): void {
  fc.assert(fc.property(arbitrary, predicate), { numRuns: runs, seed: SEED });
}

/** Runs `act`; anything thrown that is not a 4xx IntakeError fails the property. */
export function attemptValue<T>(act: () => T): Attempt<T> {
  try {
    return { value: act() };
  } catch (error) {
    if (!(error instanceof IntakeError)) throw error;
    expect(error.status).toBeGreaterThanOrEqual(400);
    expect(error.status).toBeLessThan(500);

    return { error };
  }
}

/** Runs parse, as `attemptValue` runs anything. */
export function attempt(parse: () => HrEvent[]): Outcome {
  const outcome = attemptValue(parse);

  return 'error' in outcome ? outcome : { events: outcome.value };
}

/** The error of an outcome that must be a refusal. */
export function refusalOf(outcome: Outcome): IntakeError {
  if ('events' in outcome) {
    throw new Error(`accepted invalid input: ${outcome.events.length} events`);
  }

  return outcome.error;
}

/** The events of an outcome that must not be a refusal. */
export function eventsOf(outcome: Outcome): HrEvent[] {
  if ('error' in outcome) throw new Error(`refused valid input: ${outcome.error.message}`);

  return outcome.events;
}

/**
 * Expects each event to be a refresh or a withdrawn hire for a valid HR id, from `source`, keyed as
 * `eventId` says, at a plausible instant: from 2000 on and not after `receivedAt` (give or take
 * the clock skew intake allows).
 */
export function expectAnnouncements(
  events: readonly HrEvent[],
  { source, eventId, receivedAt }: { source: string; eventId: RegExp; receivedAt: Date },
): void {
  for (const event of events) {
    expect(event.source).toBe(source);
    expect(event.hrId).toMatch(HR_ID_PATTERN);
    expect(['refresh', 'rescind_hire']).toContain(event.kind);
    expect(event.eventId).toMatch(eventId);
    expect(parseIsoInstant(event.occurredAt)).toBe(event.occurredAt);
    expect(event.occurredAt >= EARLIEST_EVENT).toBe(true);
    expect(Date.parse(event.occurredAt)).toBeLessThanOrEqual(receivedAt.getTime() + FUTURE_SKEW_MS);
  }
}

/**
 * The helpers over deliveries to an adapter whose events announce a change: `attempt` and
 * `refusal` of a delivery; `expectWellFormed` of an outcome, at most one event, as
 * `expectAnnouncements` says (received at `now` unless said); and `accepted`, the events of a
 * delivery that must be accepted, each well-formed.
 */
export function announcementChecks(
  parse: (delivery: IncomingDelivery) => HrEvent[],
  { source, eventId, now }: { source: string; eventId: RegExp; now: Date },
) {
  const attemptDelivery = (delivery: IncomingDelivery) => attempt(() => parse(delivery));
  const expectWellFormed = (outcome: Outcome, receivedAt = now): void => {
    if ('error' in outcome) return;
    expect(outcome.events.length).toBeLessThanOrEqual(1);
    expectAnnouncements(outcome.events, { source, eventId, receivedAt });
  };

  return {
    attempt: attemptDelivery,
    refusal: (delivery: IncomingDelivery) => refusalOf(attemptDelivery(delivery)),
    expectWellFormed,
    accepted: (delivery: IncomingDelivery): HrEvent[] => {
      const outcome = attemptDelivery(delivery);
      const events = eventsOf(outcome);
      expectWellFormed(outcome, delivery.receivedAt);

      return events;
    },
  };
}

/** Whether the bytes are UTF-8 JSON, which an adapter might accept. */
export function isJson(bytes: Uint8Array): boolean {
  try {
    JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));

    return true;
  } catch {
    return false;
  }
}

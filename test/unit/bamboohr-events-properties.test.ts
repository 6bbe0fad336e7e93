/**
 * Properties the BambooHR event-based adapter must keep, whatever a sender posts, in the manner
 * of intake-properties: valid signed bodies (JSON and form-encoded) map to one event for the
 * employee they name, a redelivery keeps its key only when its timestamp is usable, a body with
 * one field broken is refused, no input makes parse throw anything but a 4xx IntakeError, and
 * unsigned, tampered or wrongly keyed deliveries get a 401. 4,800 generated deliveries in all.
 */
import fc from 'fast-check';

import { HR_ID_PATTERN, type HrEvent } from '../../domain/hr-event';
import { IntakeError, signBambooHr, type IncomingDelivery } from '../../server/adapters';
import { createBambooHrEventsAdapter } from '../../server/adapters/bamboohr-events-adapter';
import { EVENT_TYPES } from '../../server/adapters/bamboohr-events-schema';
import { EARLIEST_EVENT, FUTURE_SKEW_MS } from '../../server/adapters/field-rules';
import { parseIsoInstant } from '../../server/adapters/timestamps';

const NOW = new Date('2026-12-04T09:00:30Z');
const SECRET = 'whsec-events-property-test';
const HEADER_TIMESTAMP = '1796374830';
const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';

type Json = Record<string, unknown>;
type Outcome = { events: HrEvent[] } | { error: IntakeError };

const adapter = createBambooHrEventsAdapter({ secrets: ['whsec-rotated-out', SECRET] });

function signed(
  raw: string | Uint8Array,
  {
    contentType = JSON_TYPE as string | undefined,
    secret = SECRET,
    timestamp = HEADER_TIMESTAMP,
  } = {},
): IncomingDelivery {
  const rawBody = Buffer.from(raw);

  return {
    rawBody,
    headers: {
      ...(contentType === undefined ? {} : { 'content-type': contentType }),
      'x-bamboohr-timestamp': timestamp,
      'x-bamboohr-signature': signBambooHr(secret, timestamp, rawBody),
    },
    receivedAt: NOW,
  };
}

/** Runs parse; anything thrown that is not a 4xx IntakeError fails the property. */
function attempt(delivery: IncomingDelivery): Outcome {
  try {
    return { events: adapter.parse(delivery) };
  } catch (error) {
    if (!(error instanceof IntakeError)) throw error;
    expect(error.status).toBeGreaterThanOrEqual(400);
    expect(error.status).toBeLessThan(500);

    return { error };
  }
}

function refusal(delivery: IncomingDelivery): IntakeError {
  const outcome = attempt(delivery);
  if ('events' in outcome) throw new Error(`accepted invalid input: ${outcome.events.length}`);

  return outcome.error;
}

/** One refresh or withdrawal for a valid HR id, at a plausible instant, with a content key. */
function expectWellFormed(outcome: Outcome, receivedAt = NOW): void {
  if ('error' in outcome) return;
  expect(outcome.events.length).toBeLessThanOrEqual(1);
  for (const event of outcome.events) {
    expect(event.source).toBe('bamboohr');
    expect(event.hrId).toMatch(HR_ID_PATTERN);
    expect(['refresh', 'rescind_hire']).toContain(event.kind);
    expect(event.eventId).toMatch(/^bamboohr:[0-9a-f]{32}$/);
    expect(parseIsoInstant(event.occurredAt)).toBe(event.occurredAt);
    expect(event.occurredAt >= EARLIEST_EVENT).toBe(true);
    expect(Date.parse(event.occurredAt)).toBeLessThanOrEqual(receivedAt.getTime() + FUTURE_SKEW_MS);
  }
}

function accepted(delivery: IncomingDelivery): HrEvent[] {
  const outcome = attempt(delivery);
  if ('error' in outcome) throw new Error(`refused valid input: ${outcome.error.message}`);
  expectWellFormed(outcome, delivery.receivedAt);

  return outcome.events;
}

/** Runs `runs` cases of one property, with the seed intake-properties uses. */
function check<T>(arbitrary: fc.Arbitrary<T>, runs: number, predicate: (value: T) => void): void {
  fc.assert(fc.property(arbitrary, predicate), { numRuns: runs, seed: 20261204 });
}

// An employee id as BambooHR may send it, with the HR id the adapter should read from it.
const whitespace = fc.constantFrom('', ' ', '\t', ' \n');
const employeeId = fc.oneof(
  fc.stringMatching(HR_ID_PATTERN).map((id) => ({ sent: id as string | number, hrId: id })),
  fc.tuple(whitespace, fc.stringMatching(HR_ID_PATTERN), whitespace).map(([before, id, after]) => ({
    sent: `${before}${id}${after}`,
    hrId: id,
  })),
  fc.maxSafeNat().map((id) => ({ sent: id, hrId: String(id) })),
);
const badEmployeeId = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }).filter((s) => !HR_ID_PATTERN.test(s.trim())),
  fc.integer({ max: -1 }),
  fc.double({ noInteger: true, noNaN: true, noDefaultInfinity: true }),
  // Past 2^53 a JSON number no longer names one employee; it must not be rounded to another.
  fc.bigInt({ min: 2n ** 53n + 1n, max: 10n ** 20n }).map(Number),
  fc.boolean(),
  fc.constant(null),
  fc.constant({ id: '4101' }),
  fc.constant(['4101']),
);
// Delivery times, each with the instant it should give, or none where the arrival time should
// stand in: BambooHR's `+0000` form and unix seconds are usable; nothing, an empty or unreadable
// string, a time before 2000 or in the future, or milliseconds sent for seconds are not.
type Time = { sent: string | number | null | undefined; at?: string };
const moment = fc.date({ min: new Date('2000-01-01'), max: NOW, noInvalidDate: true });
const future = fc.date({
  min: new Date(NOW.getTime() + 6 * 60_000),
  max: new Date('2099-12-31'),
  noInvalidDate: true,
});
const seconds = moment.map((d) => Math.floor(d.getTime() / 1000));
const timestamp: fc.Arbitrary<Time> = fc.oneof(
  moment.map((d) => ({ sent: d.toISOString().replace('Z', '+0000'), at: d.toISOString() })),
  seconds.map((s) => ({ sent: s, at: isoOf(s) })),
  seconds.map((s) => ({ sent: String(s), at: isoOf(s) })),
  fc
    .string({ maxLength: 30 })
    .filter((s) => parseIsoInstant(s.trim()) === undefined && !/^\d+$/.test(s.trim()))
    .map((sent) => ({ sent })),
  fc.constantFrom<Time['sent']>(null, undefined, '', 0, 946_684_799).map((sent) => ({ sent })),
  future.map((d) => ({ sent: d.toISOString().replace('Z', '+0000') })),
  moment.map((d) => ({ sent: d.getTime() })),
);
const changedFields = fc.option(
  fc.array(fc.constantFrom('firstName', 'department', 'jobTitle', 'status', 'hireDate'), {
    maxLength: 5,
  }),
  { nil: undefined },
);

function isoOf(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

const valid = fc.record({
  type: fc.constantFrom(...EVENT_TYPES),
  employee: employeeId,
  time: timestamp,
  companyId: fc.option(fc.oneof(fc.nat(), fc.stringMatching(/^\d{1,8}$/)), { nil: undefined }),
  changedFields,
  extra: fc.option(fc.dictionary(fc.constantFrom('webhookId', 'hookName'), fc.jsonValue()), {
    nil: undefined,
  }),
});
type Valid = typeof valid extends fc.Arbitrary<infer T> ? T : never;

function bodyOf({ type, employee, time, companyId, changedFields: fields, extra }: Valid): Json {
  return {
    ...extra,
    type,
    ...(time.sent === undefined ? {} : { timestamp: time.sent }),
    data: { companyId, employeeId: employee.sent, changedFields: fields },
  };
}

/** The form-post twin of a body: every value a string, lists as `data[changedFields][n]`. */
function formOf({ type, employee, time, companyId, changedFields: fields }: Valid): string {
  const form = new URLSearchParams({ type });
  if (time.sent !== undefined && time.sent !== null) form.set('timestamp', String(time.sent));
  if (companyId !== undefined) form.set('data[companyId]', String(companyId));
  form.set('data[employeeId]', String(employee.sent));
  (fields ?? []).forEach((field, index) => form.set(`data[changedFields][${index}]`, field));

  return form.toString();
}

describe('BambooHR event-based adapter properties', () => {
  it('maps every valid signed body to one event for the employee it names, at its time', () => {
    check(valid, 800, (input) => {
      const events = accepted(signed(JSON.stringify(bodyOf(input))));

      expect(events).toEqual([
        expect.objectContaining({
          hrId: input.employee.hrId,
          kind: input.type === 'employee.deleted' ? 'rescind_hire' : 'refresh',
          occurredAt: input.time.at ?? NOW.toISOString(),
        }),
      ]);
    });
  });

  it('maps a form-encoded body to the same event, key included, as its JSON twin', () => {
    check(valid, 400, (input) => {
      const fromForm = accepted(signed(formOf(input), { contentType: FORM_TYPE }));
      const fromJson = accepted(signed(JSON.stringify(bodyOf(input))));

      expect(fromForm).toEqual(fromJson);
    });
  });

  it('keeps the key of a redelivery only when the timestamp is usable', () => {
    // Otherwise a sender stuck on one unusable value would have every later change dropped.
    const later = fc.integer({ min: 1_000, max: 2 * 3_600_000 });

    check(fc.tuple(valid, later), 500, ([input, delay]) => {
      const raw = JSON.stringify(bodyOf(input));
      const redelivered = { ...signed(raw), receivedAt: new Date(NOW.getTime() + delay) };

      const [first] = accepted(signed(raw));
      const [second] = accepted(redelivered);

      expect(second?.eventId === first?.eventId).toBe(input.time.at !== undefined);
    });
  });

  it('refuses a valid body with one field broken, as JSON or as a form', () => {
    const replace = (key: string, value: unknown) => (body: Json) => ({ ...body, [key]: value });
    const inData = (key: string, value: unknown) => (body: Json) => ({
      ...body,
      data: { ...(body.data as Json), [key]: value },
    });
    const notAnArray = fc.oneof(fc.string(), fc.integer(), fc.constant({ 0: 'firstName' }));
    const mutation = fc.oneof(
      fc
        .oneof(fc.string(), fc.integer(), fc.constant(null))
        .filter((type) => !(EVENT_TYPES as readonly unknown[]).includes(type))
        .map((type) => replace('type', type)),
      badEmployeeId.map((id) => inData('employeeId', id)),
      fc.constant(inData('employeeId', undefined)),
      fc
        .oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant([]))
        .map((data) => replace('data', data)),
      fc.constant(replace('data', undefined)),
      fc.oneof(fc.boolean(), fc.constant({}), fc.constant([1])).map((t) => replace('timestamp', t)),
      fc.oneof(fc.boolean(), fc.constant({}), fc.constant([1])).map((c) => inData('companyId', c)),
      notAnArray.map((fields) => inData('changedFields', fields)),
      fc.oneof(fc.integer(), fc.constant(null)).map((field) => inData('changedFields', [field])),
      fc
        .oneof(fc.array(fc.nat(), { maxLength: 2 }), fc.string(), fc.integer(), fc.constant(null))
        .map((body) => () => body as unknown as Json),
    );
    const formMutation = fc.oneof(
      fc.constant((form: string) => form.replace(/^type=[^&]*/, 'type=employee.renamed')),
      fc.constant((form: string) => `${form}&data[employeeId]=x%20y`),
      fc.constant((form: string) => form.replace(/data%5BemployeeId%5D=[^&]*/, '')),
      fc.constant((form: string) => form.replace(/data%5BemployeeId%5D=/, 'data[employeeId]=-')),
      fc.constant((form: string) => `${form}&data=flat`),
    );

    check(fc.tuple(valid, mutation), 1000, ([input, mutate]) => {
      refusal(signed(JSON.stringify(mutate(bodyOf(input)))));
    });
    check(fc.tuple(valid, formMutation), 300, ([input, mutate]) => {
      refusal(signed(mutate(formOf(input)), { contentType: FORM_TYPE }));
    });
  });

  it('never throws anything but a 4xx for random bytes, arbitrary JSON or arbitrary forms', () => {
    const randomBytes = fc.uint8Array({ minLength: 0, maxLength: 200 });
    const arbitraryJson = fc
      .jsonValue({ maxDepth: 4 })
      .map((value) => JSON.stringify(value) ?? 'null');
    const formKey = fc.oneof(
      fc.constantFrom('type', 'timestamp', 'data', '__proto__', 'constructor'),
      fc.constantFrom('data[employeeId]', 'data[companyId]', 'data[changedFields][]'),
      fc.constantFrom('data[changedFields][0]', 'data[changedFields][9999]', 'data[__proto__]'),
      fc.stringMatching(/^[a-z_[\]0-9]{1,24}$/),
    );
    const formValue = fc.oneof(fc.constantFrom(...EVENT_TYPES, '4101', ''), fc.string());
    const arbitraryForm = fc
      .array(fc.tuple(formKey, formValue), { maxLength: 8 })
      .map((pairs) => new URLSearchParams(pairs).toString());

    check(randomBytes, 300, (bytes) => {
      const outcome = attempt(signed(bytes));
      if (!isJson(bytes)) expect('error' in outcome).toBe(true);
      expectWellFormed(outcome);
    });
    check(randomBytes, 200, (bytes) =>
      expectWellFormed(attempt(signed(bytes, { contentType: FORM_TYPE }))),
    );
    check(arbitraryJson, 400, (raw) => expectWellFormed(attempt(signed(raw))));
    check(arbitraryForm, 400, (raw) => {
      expectWellFormed(attempt(signed(raw, { contentType: FORM_TYPE })));
    });
  });

  it('refuses unsigned, tampered and wrongly keyed deliveries with 401', () => {
    const headerless = (name: string) => (d: IncomingDelivery) => {
      const { [name]: _dropped, ...headers } = d.headers;

      return { ...d, headers };
    };
    const broken = fc.oneof(
      fc.constant((d: IncomingDelivery) => ({ ...d, headers: { 'content-type': JSON_TYPE } })),
      fc.constantFrom('x-bamboohr-signature', 'x-bamboohr-timestamp').map(headerless),
      fc
        .tuple(fc.nat(), fc.integer({ min: 1, max: 255 }))
        .map(([i, bits]) => (d: IncomingDelivery) => {
          const rawBody = Buffer.from(d.rawBody);
          const at = i % rawBody.length;
          rawBody.writeUInt8(rawBody.readUInt8(at) ^ bits, at);

          return { ...d, rawBody };
        }),
      fc
        .stringMatching(/^\d{10}$/)
        .filter((t) => t !== HEADER_TIMESTAMP)
        .map((timestamp) => (d: IncomingDelivery) => ({
          ...d,
          headers: { ...d.headers, 'x-bamboohr-timestamp': timestamp },
        })),
      fc
        .string({ minLength: 1 })
        .filter((s) => s !== SECRET && s !== 'whsec-rotated-out')
        .map((secret) => (d: IncomingDelivery) => ({
          ...d,
          headers: signed(d.rawBody, { secret, contentType: d.headers['content-type'] }).headers,
        })),
      fc.nat({ max: 63 }).map((length) => (d: IncomingDelivery) => ({
        ...d,
        headers: {
          ...d.headers,
          'x-bamboohr-signature': String(d.headers['x-bamboohr-signature']).slice(0, length),
        },
      })),
    );
    const delivery = fc
      .tuple(valid, fc.boolean())
      .map(([input, asForm]) =>
        asForm
          ? signed(formOf(input), { contentType: FORM_TYPE })
          : signed(JSON.stringify(bodyOf(input))),
      );

    check(fc.tuple(delivery, broken), 500, ([original, breakIt]) => {
      const error = refusal(breakIt(original));

      expect([error.status, error.code]).toEqual([401, 'intake.bad_signature']);
    });
  });
});

function isJson(bytes: Uint8Array): boolean {
  try {
    JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));

    return true;
  } catch {
    return false;
  }
}

/**
 * Properties the BambooHR event-based adapter must keep, whatever a sender posts, in the manner
 * of intake-properties: valid signed bodies (JSON and form-encoded) map to one event for the
 * employee they name, a redelivery keeps its key only when its timestamp is usable, a body with
 * one field broken is refused, no input makes parse throw anything but a 4xx IntakeError, and
 * unsigned, tampered or wrongly keyed deliveries get a 401. 4,800 generated deliveries in all.
 */
import fc from 'fast-check';

import { signBambooHr, type IncomingDelivery } from '../../server/adapters';
import { createBambooHrEventsAdapter } from '../../server/adapters/bamboohr-events-adapter';
import { EVENT_TYPES } from '../../server/adapters/bamboohr-events-schema';
import { parseIsoInstant } from '../../server/adapters/timestamps';
import { deliveryOf, JSON_TYPE } from '../support/intake-deliveries';
import {
  announcementChecks,
  arbitraryJson,
  badIdsAsSent,
  check,
  idsAsSent,
  isJson,
  randomBytes,
  tamperedBody,
} from '../support/intake-properties';

const NOW = new Date('2026-12-04T09:00:30Z');
const SECRET = 'whsec-events-property-test';
const HEADER_TIMESTAMP = '1796374830';
const FORM_TYPE = 'application/x-www-form-urlencoded';

type Json = Record<string, unknown>;

const adapter = createBambooHrEventsAdapter({ secrets: ['whsec-rotated-out', SECRET] });

function signed(
  raw: string | Uint8Array,
  {
    contentType = JSON_TYPE as string | undefined,
    secret = SECRET,
    timestamp = HEADER_TIMESTAMP,
  } = {},
): IncomingDelivery {
  const headers = {
    'x-bamboohr-timestamp': timestamp,
    'x-bamboohr-signature': signBambooHr(secret, timestamp, Buffer.from(raw)),
  };

  return deliveryOf(raw, { contentType, headers, receivedAt: NOW });
}

/** One refresh or withdrawal for a valid HR id, at a plausible instant, with a content key. */
const { attempt, refusal, expectWellFormed, accepted } = announcementChecks(
  (delivery) => adapter.parse(delivery),
  { source: 'bamboohr', eventId: /^bamboohr:[0-9a-f]{32}$/, now: NOW },
);

// An employee id as BambooHR may send it, with the HR id the adapter should read from it.
const employeeId = fc.oneof(...idsAsSent);
const badEmployeeId = fc.oneof(...badIdsAsSent, fc.constant({ id: '4101' }), fc.constant(['4101']));
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
      tamperedBody,
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

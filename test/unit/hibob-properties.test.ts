/**
 * Properties the HiBob adapter must keep, whatever a sender posts, in the manner of
 * intake-properties: valid signed v2 bodies map to one event for the employee they name, a
 * redelivery keeps its key only when `triggeredAt` is usable, a body with one field broken is
 * refused, no input makes parse throw anything but a 4xx IntakeError, unsigned, tampered or
 * wrongly keyed deliveries get a 401, and both forms of the setup ping start nothing. 4,000
 * generated deliveries in all.
 */
import fc from 'fast-check';

import {
  createHiBobAdapter,
  HIBOB_SIGNATURE_HEADER,
  signHiBob,
  type IncomingDelivery,
} from '../../server/adapters';
import { HIBOB_EVENT_TYPES } from '../../server/adapters/hibob-schema';
import { parseIsoInstant } from '../../server/adapters/timestamps';
import { deliveryOf, JSON_TYPE } from '../support/intake-deliveries';
import {
  announcementChecks,
  arbitraryJson,
  badIdsAsSent,
  check,
  idsAsSent,
  randomBytes,
  tamperedBody,
} from '../support/intake-properties';

const NOW = new Date('2026-12-04T09:00:30Z');
const SECRET = 'whsec-hibob-property-test';

type Json = Record<string, unknown>;

const adapter = createHiBobAdapter({ secrets: ['whsec-rotated-out', SECRET] });

function signed(
  raw: string | Uint8Array,
  { contentType = JSON_TYPE as string | undefined, secret = SECRET } = {},
): IncomingDelivery {
  const headers = { [HIBOB_SIGNATURE_HEADER]: signHiBob(secret, Buffer.from(raw)) };

  return deliveryOf(raw, { contentType, headers, receivedAt: NOW });
}

function unsigned(raw: string | Uint8Array, contentType?: string): IncomingDelivery {
  return deliveryOf(raw, { contentType, receivedAt: NOW });
}

/** One refresh or withdrawal for a valid HR id, at a plausible instant, with a content key. */
const { attempt, refusal, expectWellFormed, accepted } = announcementChecks(
  (delivery) => adapter.parse(delivery),
  { source: 'hibob', eventId: /^hibob:[0-9a-f]{32}$/, now: NOW },
);

// An employee id as HiBob may send it, with the HR id the adapter should read from it.
const employeeId = fc.oneof(
  fc.stringMatching(/^\d{15,19}$/).map((id) => ({ sent: id as string | number, hrId: id })),
  ...idsAsSent,
);
const badEmployeeId = fc.oneof(...badIdsAsSent, fc.constant({ id: '3332883884017713238' }));
// `triggeredAt`, each with the instant it should give, or none where the arrival time should
// stand in: HiBob's form (no offset, up to nine fractional digits) and an offset are usable;
// nothing, an empty or unreadable string, or a time before 2000 or in the future are not.
type Time = { sent: string | null | undefined; at?: string };
const moment = fc.date({ min: new Date('2000-01-01'), max: NOW, noInvalidDate: true });
const future = fc.date({
  min: new Date(NOW.getTime() + 6 * 60_000),
  max: new Date('2099-12-31'),
  noInvalidDate: true,
});
const triggeredAt: fc.Arbitrary<Time> = fc.oneof(
  fc.tuple(moment, fc.stringMatching(/^\d{0,6}$/)).map(([d, extra]) => ({
    sent: `${d.toISOString().slice(0, -1)}${extra}`,
    at: d.toISOString(),
  })),
  moment.map((d) => ({ sent: d.toISOString().replace('Z', '+00:00'), at: d.toISOString() })),
  fc
    .string({ maxLength: 30 })
    .filter((s) => [s.trim(), `${s.trim()}Z`].every((t) => parseIsoInstant(t) === undefined))
    .map((sent) => ({ sent })),
  fc.constantFrom<Time['sent']>(null, undefined, '', '1999-12-31T23:59:59').map((sent) => ({
    sent,
  })),
  future.map((d) => ({ sent: d.toISOString().slice(0, -1) })),
);
// What HiBob puts beside the id in `data`, per event type; the schema lets all of it through.
const dataExtras = fc.record(
  {
    fieldUpdates: fc.array(fc.record({ fieldId: fc.constantFrom('work.title', 'root.email') })),
    tableId: fc.constantFrom('work', 'employment', 'lifecycle'),
    effectiveDate: fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    id: fc.oneof(fc.nat(), fc.string()),
    custom: fc.jsonValue({ maxDepth: 3 }),
  },
  { requiredKeys: [] },
);

const valid = fc.record({
  type: fc.constantFrom(...HIBOB_EVENT_TYPES),
  employee: employeeId,
  time: triggeredAt,
  companyId: fc.option(fc.oneof(fc.nat(), fc.stringMatching(/^\d{1,8}$/)), { nil: undefined }),
  triggeredBy: fc.option(fc.oneof(fc.constant('system'), fc.stringMatching(/^\d{19}$/)), {
    nil: undefined,
  }),
  extras: dataExtras,
  contentType: fc.constantFrom(JSON_TYPE, 'application/json; charset=utf-8', undefined),
});
type Valid = typeof valid extends fc.Arbitrary<infer T> ? T : never;

function bodyOf({ type, employee, time, companyId, triggeredBy, extras }: Valid): Json {
  return {
    companyId,
    type,
    triggeredBy,
    ...(time.sent === undefined ? {} : { triggeredAt: time.sent }),
    version: 'v2',
    data: { ...extras, employeeId: employee.sent },
  };
}

describe('HiBob adapter properties', () => {
  it('maps every valid signed body to one event for the employee it names, at its time', () => {
    check(valid, 800, (input) => {
      const delivery = signed(JSON.stringify(bodyOf(input)), { contentType: input.contentType });

      const events = accepted(delivery);

      expect(events).toEqual([
        expect.objectContaining({
          hrId: input.employee.hrId,
          kind: input.type === 'employee.deleted' ? 'rescind_hire' : 'refresh',
          occurredAt: input.time.at ?? NOW.toISOString(),
        }),
      ]);
    });
  });

  it('gives the same key to the same content however its keys are ordered and spaced', () => {
    const reversed = (value: unknown): unknown =>
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(
            Object.entries(value)
              .reverse()
              .map(([k, v]) => [k, reversed(v)]),
          )
        : value;

    check(valid, 200, (input) => {
      const body = bodyOf(input);

      const [first] = accepted(signed(JSON.stringify(body)));
      const [second] = accepted(signed(JSON.stringify(reversed(body), null, 2)));

      expect(second?.eventId).toBe(first?.eventId);
    });
  });

  it('keeps the key of a redelivery only when triggeredAt is usable', () => {
    // Otherwise a sender stuck on one unusable value would have every later change dropped.
    const later = fc.integer({ min: 1_000, max: 2 * 3_600_000 });

    check(fc.tuple(valid, later), 300, ([input, delay]) => {
      const raw = JSON.stringify(bodyOf(input));
      const redelivered = { ...signed(raw), receivedAt: new Date(NOW.getTime() + delay) };

      const [first] = accepted(signed(raw));
      const [second] = accepted(redelivered);

      expect(second?.eventId === first?.eventId).toBe(input.time.at !== undefined);
    });
  });

  it('refuses a valid body with one field broken', () => {
    const replace = (key: string, value: unknown) => (body: Json) => ({ ...body, [key]: value });
    const inData = (key: string, value: unknown) => (body: Json) => ({
      ...body,
      data: { ...(body.data as Json), [key]: value },
    });
    const notText = fc.oneof(fc.boolean(), fc.constant({}), fc.constant(['x']));
    const mutation = fc.oneof(
      fc
        .oneof(fc.string(), fc.integer(), fc.constant(null))
        .filter((type) => !(HIBOB_EVENT_TYPES as readonly unknown[]).includes(type))
        .map((type) => replace('type', type)),
      fc
        .oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant(undefined))
        .filter((version) => version !== 'v2')
        .map((version) => replace('version', version)),
      badEmployeeId.map((id) => inData('employeeId', id)),
      fc.constant(inData('employeeId', undefined)),
      fc
        .oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant(undefined))
        .map((data) => replace('data', data)),
      fc.constant(replace('data', ['3332883884017713238'])),
      fc.oneof(notText, fc.integer()).map((time) => replace('triggeredAt', time)),
      notText.map((company) => replace('companyId', company)),
      notText.map((actor) => replace('triggeredBy', actor)),
      fc
        .oneof(fc.array(fc.nat(), { maxLength: 2 }), fc.string(), fc.integer(), fc.constant(null))
        .map((body) => () => body as unknown as Json),
    );

    check(fc.tuple(valid, mutation), 1000, ([input, mutate]) => {
      refusal(signed(JSON.stringify(mutate(bodyOf(input)))));
    });
  });

  it('never throws anything but a 4xx for random bytes or arbitrary JSON, signed or not', () => {
    const contentType = fc.constantFrom(JSON_TYPE, 'text/plain', undefined);

    check(fc.tuple(randomBytes, contentType), 300, ([bytes, type]) => {
      expectWellFormed(attempt(signed(bytes, { contentType: type })));
    });
    check(fc.tuple(randomBytes, contentType), 200, ([bytes, type]) => {
      const outcome = attempt(unsigned(bytes, type));
      // Only the setup ping passes unsigned, and it starts nothing.
      if ('events' in outcome) expect(outcome.events).toEqual([]);
      else expect(outcome.error.status).toBe(401);
    });
    check(arbitraryJson, 400, (raw) => expectWellFormed(attempt(signed(raw))));
  });

  it('starts nothing for either form of the setup ping, signed or not, however spaced', () => {
    const space = fc.stringMatching(/^[ \t\r\n]{0,3}$/);
    const ping = fc.oneof(
      fc.tuple(space, space).map(([before, after]) => `${before}Ping test${after}`),
      fc
        .array(space, { minLength: 6, maxLength: 6 })
        .map(([a, b, c, d, e, f]) => `${a}{${b}"text"${c}:${d}"Ping test"${e}}${f}`),
    );
    const delivery = fc.constantFrom(
      (raw: string) => unsigned(raw, 'text/plain'),
      (raw: string) => unsigned(raw, JSON_TYPE),
      (raw: string) => unsigned(raw),
      (raw: string) => signed(raw, { contentType: 'text/plain' }),
      (raw: string) => signed(raw, { secret: 'whsec-not-agreed-yet' }),
    );

    check(fc.tuple(ping, delivery), 300, ([raw, deliver]) => {
      expect(adapter.parse(deliver(raw))).toEqual([]);
    });
  });

  it('refuses unsigned, tampered and wrongly keyed deliveries with 401', () => {
    const withSignature = (value: string) => (d: IncomingDelivery) => ({
      ...d,
      headers: { ...d.headers, [HIBOB_SIGNATURE_HEADER]: value },
    });
    const broken = fc.oneof(
      fc.constant((d: IncomingDelivery) => ({ ...d, headers: { 'content-type': JSON_TYPE } })),
      tamperedBody,
      fc
        .string({ minLength: 1 })
        .filter((s) => s !== SECRET && s !== 'whsec-rotated-out')
        .map((secret) => (d: IncomingDelivery) => ({
          ...d,
          headers: signed(d.rawBody, { secret }).headers,
        })),
      // HiBob sends base64: the same digest in hex, cut short, or as another header is refused.
      fc.constant((d: IncomingDelivery) =>
        withSignature(Buffer.from(signHiBob(SECRET, d.rawBody), 'base64').toString('hex'))(d),
      ),
      fc
        .nat({ max: 85 })
        .map(
          (length) => (d: IncomingDelivery) =>
            withSignature(signHiBob(SECRET, d.rawBody).slice(0, length))(d),
        ),
      fc.base64String({ minLength: 88, maxLength: 88 }).map(withSignature),
    );

    check(fc.tuple(valid, broken), 500, ([input, breakIt]) => {
      const error = refusal(breakIt(signed(JSON.stringify(bodyOf(input)))));

      expect([error.status, error.code]).toEqual([401, 'intake.bad_signature']);
    });
  });
});

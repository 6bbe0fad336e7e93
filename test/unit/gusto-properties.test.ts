/**
 * Properties the Gusto adapter keeps whatever a sender posts: it throws nothing but an IntakeError
 * with a 4xx status, starts nothing for invalid or unsigned input, maps every valid employee event
 * to one well-formed event and every other entity to none, and answers only the bootstrap body as
 * a handshake. About 3,600 generated deliveries in all.
 */
import fc from 'fast-check';

import { HR_ID_PATTERN, type HrEvent } from '../../domain/hr-event';
import type { IncomingDelivery } from '../../server/adapters';
import {
  createGustoAdapter,
  GUSTO_REPLAY_WINDOW_MS,
  GUSTO_SIGNATURE_HEADER,
  signGusto,
} from '../../server/adapters/gusto-adapter';
import { GUSTO_EMPLOYEE_EVENT_TYPES } from '../../server/adapters/gusto-schema';
import { deliveryOf, JSON_TYPE } from '../support/intake-deliveries';
import {
  arbitraryJson,
  attemptValue,
  check,
  expectAnnouncements,
  isJson,
  randomBytes,
  type Attempt,
} from '../support/intake-properties';

const NOW = new Date('2026-12-04T09:00:30Z');
const NOW_SECONDS = NOW.getTime() / 1000;
const WINDOW_SECONDS = GUSTO_REPLAY_WINDOW_MS / 1000;
const TOKEN = 'c0ffee00-1111-4222-8333-444455556666';

type Json = Record<string, unknown>;

function expectWellFormed(outcome: Attempt<HrEvent[]>): void {
  if ('error' in outcome) return;
  const eventId = /^gusto:[A-Za-z0-9-]{1,64}$/;
  expectAnnouncements(outcome.value, { source: 'gusto', eventId, receivedAt: NOW });
}

function expectRefused(outcome: Attempt<HrEvent[]>): void {
  if ('value' in outcome) throw new Error(`accepted invalid input: ${outcome.value.length} events`);
}

function signed(raw: string | Uint8Array, token = TOKEN): IncomingDelivery {
  const headers = { [GUSTO_SIGNATURE_HEADER]: signGusto(token, Buffer.from(raw)) };

  return deliveryOf(raw, { contentType: JSON_TYPE, headers, receivedAt: NOW });
}

// Generators.
const uuid = fc.uuid();
const hrId = fc.oneof(uuid, fc.stringMatching(HR_ID_PATTERN));
const badHrId = fc.string({ unit: 'binary', maxLength: 80 }).filter((s) => {
  const trimmed = s.trim();

  return trimmed !== '' && !HR_ID_PATTERN.test(trimmed);
});
const employeeEventType = fc.oneof(
  fc.constantFrom(...GUSTO_EMPLOYEE_EVENT_TYPES),
  fc.stringMatching(/^employee\.[a-z_]{1,30}$/),
);
const freshSeconds = fc.integer({ min: NOW_SECONDS - WINDOW_SECONDS, max: NOW_SECONDS + 86_400 });
const timestamp = fc.oneof(freshSeconds, freshSeconds.map(String));
const KNOWN_KEYS = new Set([
  'uuid',
  'event_type',
  'entity_type',
  'entity_uuid',
  'timestamp',
  'resource_type',
  'resource_uuid',
  'resource_id',
  'entity_id',
]);
const extras = fc.dictionary(
  fc.string({ maxLength: 12 }).filter((key) => !KNOWN_KEYS.has(key) && key !== '__proto__'),
  fc.jsonValue({ maxDepth: 2 }),
  { maxKeys: 3 },
);

const employeeBody = fc
  .record(
    {
      uuid: uuid,
      event_type: employeeEventType,
      resource_type: fc.constant('Company'),
      resource_uuid: uuid,
      resource_id: fc.nat(),
      entity_id: fc.nat(),
      entity_uuid: hrId,
      timestamp,
    },
    { requiredKeys: ['event_type', 'entity_uuid', 'timestamp'] },
  )
  .chain((body) => extras.map((more): Json => ({ ...more, ...body, entity_type: 'Employee' })));

const otherBody = fc
  .record(
    {
      uuid,
      event_type: fc.stringMatching(/^[a-z_]{1,20}\.[a-z_]{1,20}$/),
      entity_type: fc.constantFrom('Contractor', 'Company', 'EmployeeJobCompensation', 'Payroll'),
      entity_uuid: fc.string(),
      timestamp,
    },
    { requiredKeys: ['event_type', 'entity_type', 'timestamp'] },
  )
  .map((body): Json => body);

const wrongType = fc.oneof(fc.boolean(), fc.constant({}), fc.array(fc.nat(), { maxLength: 2 }));
const set = (key: string, value: unknown) => (body: Json) => ({ ...body, [key]: value });
const mutation = fc.oneof(
  badHrId.map((v) => set('entity_uuid', v)),
  fc.constantFrom(undefined, null, '', '   ').map((v) => set('entity_uuid', v)),
  fc.integer({ min: 0, max: NOW_SECONDS - WINDOW_SECONDS - 1 }).map((s) => set('timestamp', s)),
  fc
    .oneof(
      wrongType,
      fc.integer({ max: -1 }),
      fc.double({ noInteger: true, noNaN: true }),
      fc.string().filter((s) => !/^\d{1,12}$/.test(s)),
      fc.constant(undefined),
    )
    .map((v) => set('timestamp', v)),
  fc
    .oneof(wrongType, fc.integer(), fc.constant(undefined))
    .chain((v) => fc.constantFrom('event_type', 'entity_type').map((key) => set(key, v))),
  fc
    .string()
    .filter((s) => !/^[A-Za-z0-9_.-]{1,128}$/.test(s))
    .map((v) => set('event_type', v)),
  fc.string({ minLength: 65, maxLength: 80 }).map((v) => set('entity_type', v)),
  fc
    .oneof(
      fc.string().filter((s) => !/^[A-Za-z0-9-]{1,64}$/.test(s)),
      fc.integer(),
      wrongType,
    )
    .map((v) => set('uuid', v)),
  fc
    .oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.nat()))
    .map((v) => () => v as unknown as Json),
);

describe('Gusto adapter properties', () => {
  const adapter = createGustoAdapter({ secrets: ['a-rotated-out-token', TOKEN] });
  const parse = (raw: string | Uint8Array) => attemptValue(() => adapter.parse(signed(raw)));

  it('maps every valid signed employee event to one well-formed event for that employee', () => {
    check(employeeBody, 800, (body) => {
      const outcome = parse(JSON.stringify(body));
      if ('error' in outcome) throw new Error(`refused valid input: ${outcome.error.message}`);
      expectWellFormed(outcome);

      const [event, ...more] = outcome.value;
      expect(more).toEqual([]);
      expect(event?.hrId).toBe((body.entity_uuid as string).trim());
      expect(event?.kind).toBe(body.event_type === 'employee.deleted' ? 'rescind_hire' : 'refresh');
      if (typeof body.uuid === 'string') expect(event?.eventId).toBe(`gusto:${body.uuid}`);
    });
  });

  it('acknowledges every valid event about another entity and starts nothing', () => {
    check(otherBody, 300, (body) => {
      const outcome = parse(JSON.stringify(body));

      expect(outcome).toEqual({ value: [] });
    });
  });

  it('refuses a valid employee event with one field broken', () => {
    check(fc.tuple(employeeBody, mutation), 1000, ([body, mutate]) => {
      expectRefused(parse(JSON.stringify(mutate(body))));
    });
  });

  it('refuses random bytes and yields only well-formed events for arbitrary JSON', () => {
    check(randomBytes, 400, (bytes) => {
      const outcome = parse(bytes);
      if (!isJson(bytes)) expectRefused(outcome);
      expectWellFormed(outcome);
      const handshake = attemptValue(() => adapter.handshake?.(signed(bytes)));
      if ('error' in handshake) expect(handshake.error.status).toBe(400);
    });
    check(arbitraryJson, 400, (raw) => expectWellFormed(parse(raw)));
  });

  it('refuses unsigned, tampered, wrongly keyed and bootstrap-mode deliveries', () => {
    const bootstrapping = createGustoAdapter({ secrets: [] });
    const broken = fc.oneof(
      fc.constant((d: IncomingDelivery) => adapter.parse({ ...d, headers: {} })),
      fc.nat().map((i) => (d: IncomingDelivery) => {
        const rawBody = Buffer.from(d.rawBody);
        const at = i % rawBody.length;
        rawBody.writeUInt8(rawBody.readUInt8(at) ^ 0x01, at);

        return adapter.parse({ ...d, rawBody });
      }),
      fc
        .string({ minLength: 1 })
        .filter((s) => s !== TOKEN && s !== 'a-rotated-out-token')
        .map((token) => (d: IncomingDelivery) => adapter.parse(signed(d.rawBody, token))),
      fc.constant((d: IncomingDelivery) => bootstrapping.parse(d)),
    );

    check(fc.tuple(employeeBody, broken), 400, ([body, act]) => {
      const outcome = attemptValue(() => act(signed(JSON.stringify(body))));

      expectRefused(outcome);
      if ('error' in outcome) expect(outcome.error.status).toBe(401);
    });
  });

  it('answers only the bootstrap body as a handshake, with its token or a 400', () => {
    const goodToken = fc.stringMatching(/^[A-Za-z0-9-]{8,128}$/);
    const badToken = fc.oneof(
      fc.string().filter((s) => !/^[A-Za-z0-9-]{8,128}$/.test(s)),
      wrongType,
      fc.integer(),
      fc.constant(null),
    );
    const handshake = (body: unknown) =>
      attemptValue(() => adapter.handshake?.({ ...signed(JSON.stringify(body)), headers: {} }));

    check(goodToken, 100, (token) => {
      expect(handshake({ verification_token: token })).toEqual({
        value: { body: { received: 'verification_token' }, verificationToken: token },
      });
    });
    check(badToken, 100, (token) => {
      const outcome = handshake({ verification_token: token });

      expect('error' in outcome && outcome.error.message).toMatch(/^verification_token: /);
    });
    check(fc.oneof(employeeBody, fc.jsonValue({ maxDepth: 3 })), 100, (body) => {
      const isBootstrap =
        typeof body === 'object' &&
        body !== null &&
        !Array.isArray(body) &&
        Object.keys(body).join() === 'verification_token';

      if (!isBootstrap) expect(handshake(body)).toEqual({ value: undefined });
    });
  });
});

/**
 * Properties the Personio adapter keeps whatever a sender posts: parse throws nothing but an
 * IntakeError with a 4xx status, returns no event for invalid input, and returns only well-formed
 * events (an HR id in the HR id alphabet, a plausible instant, a stable key). 3,300 generated
 * deliveries: valid envelopes, valid envelopes with one field broken, arbitrary JSON, random
 * bytes, wrong tokens and redeliveries.
 */
import fc from 'fast-check';

import { HR_ID_PATTERN, type HrEvent } from '../../domain/hr-event';
import { createPersonioAdapter } from '../../server/adapters/personio-adapter';
import { deliveryOf, JSON_TYPE } from '../support/intake-deliveries';
import {
  arbitraryJson,
  attempt,
  check,
  expectAnnouncements,
  randomBytes,
  refusalOf,
  type Outcome,
} from '../support/intake-properties';

const NOW = new Date('2026-12-04T09:00:30Z');
const TOKEN = 'personio-property-token';
const PERSON_EVENTS = [
  'person.created',
  'person.updated',
  'person.deleted',
  'employment.created',
  'employment.updated',
  'employment.deleted',
  'employment.started',
  'employment.terminated',
];

type Json = Record<string, unknown>;

const adapter = createPersonioAdapter({ secrets: ['personio-rotated-out', TOKEN] });
const deliver = (raw: string | Uint8Array, authorization: string | null = TOKEN) => {
  const headers: Record<string, string> = authorization === null ? {} : { authorization };

  return adapter.parse(deliveryOf(raw, { contentType: JSON_TYPE, headers, receivedAt: NOW }));
};

function expectWellFormed(outcome: Outcome): void {
  if ('error' in outcome) return;
  expect(outcome.events.length).toBeLessThanOrEqual(1);
  const eventId = /^personio:(event:[A-Za-z0-9._:-]+|[0-9a-f]{32})$/;
  expectAnnouncements(outcome.events, { source: 'personio', eventId, receivedAt: NOW });
}

function expectRefused(parse: () => HrEvent[]): void {
  refusalOf(attempt(parse));
}

// Generators.
const hrId = fc.stringMatching(HR_ID_PATTERN);
const personId = fc.oneof(hrId, fc.nat());
const badHrId = fc
  .string({ unit: 'binary', maxLength: 80 })
  .filter((s) => !HR_ID_PATTERN.test(s.trim()));
const otherEventName = fc
  .stringMatching(/^[a-z][a-z0-9_]{0,12}(\.[a-z][a-z0-9_]{0,12}){1,2}$/)
  .filter((name) => !name.startsWith('person.') && !name.startsWith('employment.'));
const occurredAt = fc.oneof(
  fc
    .date({ min: new Date('2000-01-01'), max: NOW, noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc
    .date({ min: new Date('1970-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().replace('Z', '')),
  fc.string({ maxLength: 64 }),
);
const extras = fc.dictionary(
  fc.string({ maxLength: 8 }).filter((k) => !['id', 'person', 'person_id'].includes(k)),
  fc.jsonValue({ maxDepth: 2 }),
  { maxKeys: 3 },
);
const personPayload = fc.tuple(personId, extras).map(([id, more]) => ({ ...more, id }));
const employmentPayload = fc
  .tuple(fc.uuid(), personId, fc.boolean(), extras)
  .map(([id, person, nested, more]) =>
    nested ? { ...more, id, person: { id: person } } : { ...more, id, person_id: person },
  );
const envelope = fc.record(
  {
    company_id: fc.oneof(fc.string({ maxLength: 12 }), fc.nat()),
    occurred_at: occurredAt,
    meta: fc.oneof(
      fc.constant(null),
      fc.record({ event_id: fc.oneof(fc.stringMatching(/^[A-Za-z0-9._:-]{1,40}$/), fc.string()) }),
      extras,
    ),
  },
  { requiredKeys: ['company_id', 'occurred_at'] },
);
const validBody: fc.Arbitrary<Json> = fc.oneof(
  fc
    .tuple(envelope, fc.constantFrom(...PERSON_EVENTS.slice(0, 3)), personPayload)
    .map(([base, event_name, payload]) => ({ ...base, event_name, payload })),
  fc
    .tuple(envelope, fc.constantFrom(...PERSON_EVENTS.slice(3)), employmentPayload)
    .map(([base, event_name, payload]) => ({ ...base, event_name, payload })),
  fc
    .tuple(envelope, otherEventName, extras)
    .map(([base, event_name, payload]) => ({ ...base, event_name, payload })),
);

const wrongType = fc.oneof(
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.nat(), { maxLength: 2 }),
  fc.constant({ id: 1 }),
);
const set = (key: string, value: unknown) => (b: Json) => ({ ...b, [key]: value });
const mutation: fc.Arbitrary<(b: Json) => Json> = fc.oneof(
  fc
    .constantFrom('company_id', 'event_name', 'occurred_at', 'payload')
    .map((k) => set(k, undefined)),
  fc
    .oneof(wrongType, fc.integer({ max: -1 }), fc.double({ noInteger: true, noNaN: true }))
    .map((v) => set('company_id', v)),
  fc
    .oneof(
      fc.string().filter((s) => !/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/.test(s)),
      fc.constant(`person.${'a'.repeat(130)}`),
      fc.integer(),
    )
    .map((v) => set('event_name', v)),
  fc
    .oneof(wrongType, fc.integer(), fc.string({ minLength: 65, maxLength: 80 }))
    .map((v) => set('occurred_at', v)),
  fc
    .oneof(wrongType, fc.string(), fc.integer())
    .filter((v) => !isObject(v))
    .map((v) => set('payload', v)),
  fc.oneof(fc.string(), fc.integer(), fc.array(fc.nat())).map((v) => set('meta', v)),
  fc
    .tuple(fc.constantFrom(...PERSON_EVENTS.slice(0, 3)), fc.oneof(badHrId, wrongType))
    .map(([event_name, id]) => (b: Json) => ({ ...b, event_name, payload: { id } })),
  fc
    .tuple(fc.constantFrom(...PERSON_EVENTS.slice(3)), badHrId)
    .map(([event_name, id]) => (b: Json) => ({ ...b, event_name, payload: { person: { id } } })),
  fc
    .constantFrom(...PERSON_EVENTS)
    .map((event_name) => (b: Json) => ({ ...b, event_name, payload: { unrelated: 1 } })),
  fc
    .tuple(fc.constantFrom(...PERSON_EVENTS.slice(3)), fc.uuid())
    .map(([event_name, id]) => (b: Json) => ({ ...b, event_name, payload: { id } })),
);

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

describe('Personio adapter properties', () => {
  it('maps every valid envelope to one event for the person it names, or none', () => {
    check(validBody, 800, (body) => {
      const outcome = attempt(() => deliver(JSON.stringify(body)));
      if ('error' in outcome) throw new Error(`refused valid input: ${outcome.error.message}`);
      expectWellFormed(outcome);

      const payload = body.payload as Json;
      const named = payload.person_id ?? (payload.person as Json | undefined)?.id ?? payload.id;
      const isPerson = PERSON_EVENTS.includes(String(body.event_name));
      expect(outcome.events.map((e) => e.hrId)).toEqual(isPerson ? [String(named)] : []);
    });
  });

  it('refuses a valid envelope with one field broken', () => {
    check(fc.tuple(validBody, mutation), 1000, ([body, mutate]) => {
      expectRefused(() => deliver(JSON.stringify(mutate(body))));
    });
  });

  it('refuses random bytes and yields only well-formed events for arbitrary JSON', () => {
    check(randomBytes, 400, (bytes) => {
      const outcome = attempt(() => deliver(bytes));
      expectWellFormed(outcome);
    });
    check(arbitraryJson, 400, (raw) => expectWellFormed(attempt(() => deliver(raw))));
  });

  it('refuses a delivery without one of the configured tokens before reading it', () => {
    const wrong = fc.oneof(
      fc.constant(null),
      fc.constant(''),
      fc.string().filter((s) => ![TOKEN, 'personio-rotated-out'].includes(bare(s))),
      fc.constantFrom(`Basic ${TOKEN}`, `${TOKEN} `.repeat(2), TOKEN.slice(1), `Bearer`),
    );

    check(fc.tuple(validBody, wrong), 400, ([body, authorization]) => {
      expectRefused(() => deliver(JSON.stringify(body), authorization));
    });
  });

  it('gives a redelivery the same key, whenever it arrives', () => {
    check(fc.tuple(validBody, fc.nat({ max: 3 * 86_400_000 })), 300, ([body, lateMs]) => {
      const raw = Buffer.from(JSON.stringify(body));
      const headers = { 'content-type': 'application/json', authorization: TOKEN };

      const first = adapter.parse({ rawBody: raw, headers, receivedAt: NOW });
      const later = new Date(NOW.getTime() + lateMs);
      const again = adapter.parse({ rawBody: raw, headers, receivedAt: later });

      expect(again.map((e) => e.eventId)).toEqual(first.map((e) => e.eventId));
    });
  });
});

/** The token an Authorization value offers, as the adapter reads it. */
function bare(value: string): string {
  const trimmed = value.trim();

  return /^Bearer\s+(.+)$/i.exec(trimmed)?.[1] ?? trimmed;
}

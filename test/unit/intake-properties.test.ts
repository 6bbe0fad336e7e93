/**
 * Properties every intake adapter must keep, whatever a sender posts: parse throws nothing but an
 * IntakeError with a 4xx status, returns no event for invalid input, and returns only events whose
 * HR id fits the HR id alphabet. Each adapter gets 3,100 generated deliveries: valid bodies,
 * valid bodies with one field broken, arbitrary JSON, random bytes, and bad signatures or tokens.
 */
import fc from 'fast-check';

import { HR_EVENT_KINDS, HR_ID_PATTERN, isLocalDate, type HrEvent } from '../../domain/hr-event';
import { isTimeZone } from '../../domain/instants';
import {
  createBambooHrAdapter,
  createGenericAdapter,
  createScimAdapter,
  signBambooHr,
  signGeneric,
  type IncomingDelivery,
  type ScimOperation,
} from '../../server/adapters';
import { CONTROL_CHARACTERS, EMAIL_SHAPE } from '../../server/adapters/field-rules';
import { parseIsoInstant } from '../../server/adapters/timestamps';
import { deliveryOf, JSON_TYPE } from '../support/intake-deliveries';
import {
  arbitraryJson,
  attempt,
  check,
  eventsOf,
  isJson,
  randomBytes,
  refusalOf,
  type Outcome,
} from '../support/intake-properties';

const NOW = new Date('2026-12-04T09:00:30Z');
const NOW_SECONDS = String(NOW.getTime() / 1000);
const SECRET = 'whsec-property-test';
const TOKEN = 'scim-property-token';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const TENURE = 'urn:ietf:params:scim:schemas:extension:tenure:2.0:User';
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

type Json = Record<string, unknown>;

function expectRefused(parse: () => HrEvent[]): void {
  refusalOf(attempt(parse));
}

function expectWellFormed(outcome: Outcome, source: string): void {
  if ('error' in outcome) return;
  for (const event of outcome.events) {
    expect(event.hrId).toMatch(HR_ID_PATTERN);
    expect(event.source).toBe(source);
    expect(HR_EVENT_KINDS).toContain(event.kind);
    expect(event.eventId.length).toBeGreaterThan(0);
  }
}

function accepted(parse: () => HrEvent[]): HrEvent[] {
  const events = eventsOf(attempt(parse));
  expectWellFormed({ events }, events[0]?.source ?? '');

  return events;
}

// Shared generators.
const hrId = fc.stringMatching(HR_ID_PATTERN);
const badHrId = fc.string({ unit: 'binary', maxLength: 80 }).filter((s) => !HR_ID_PATTERN.test(s));
const text = fc
  .string({ minLength: 1, maxLength: 40, unit: 'grapheme' })
  .filter((s) => s.trim() !== '' && !CONTROL_CHARACTERS.test(s));
/** Text with one control or invisible formatting character, which every adapter refuses. */
const controlText = fc
  .tuple(text, fc.constantFrom('\u0000', '\u001b', '\u200b', '\u202e'), text)
  .map(([before, control, after]) => `${before}${control}${after}`);
const email = fc
  .tuple(
    fc.stringMatching(/^[a-z0-9._-]{1,20}$/),
    fc.stringMatching(/^[a-z0-9-]{1,20}$/),
    fc.stringMatching(/^[a-z]{2,6}$/),
  )
  .map(([local, domain, tld]) => `${local}@${domain}.${tld}`);
const badEmail = fc
  .string({ minLength: 1, maxLength: 40 })
  .filter((s) => s.trim() !== '' && !EMAIL_SHAPE.test(s.trim()));
const day = fc
  .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const badDay = fc
  .string({ maxLength: 12 })
  .filter((s) => !isLocalDate(s.trim()) && !['', '0000-00-00'].includes(s.trim()));
// Event times from 2000 up to the delivery: earlier or later ones are refused as mistakes.
const instant = fc
  .date({ min: new Date('2000-01-01'), max: NOW, noInvalidDate: true })
  .map((d) => d.toISOString());
const futureInstant = fc
  .date({ min: new Date(NOW.getTime() + 6 * 60_000), max: new Date('2099-12-31') })
  .map((d) => d.toISOString());
const zone = fc.constantFrom('Europe/Berlin', 'America/New_York', 'UTC', 'Asia/Kolkata');
const wrongType = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.nat(), { maxLength: 2 }),
);

describe('generic adapter properties', () => {
  const adapter = createGenericAdapter({ secrets: [SECRET] });
  const signed = (
    raw: string | Uint8Array,
    timestamp = NOW_SECONDS,
    secret = SECRET,
  ): IncomingDelivery => {
    const headers = {
      'x-tenure-timestamp': timestamp,
      'x-tenure-signature': signGeneric(secret, timestamp, Buffer.from(raw)),
    };

    return deliveryOf(raw, { contentType: JSON_TYPE, headers, receivedAt: NOW });
  };

  const employee = fc.record(
    {
      hrId,
      firstName: text,
      lastName: text,
      preferredName: text,
      email,
      department: text,
      managerId: hrId,
      timeZone: zone,
      contractEndDate: day,
    },
    { requiredKeys: ['hrId'] },
  );
  const validBody = fc
    .record({
      eventId: fc.stringMatching(/^[A-Za-z0-9._:-]{1,128}$/),
      type: fc.constantFrom(...HR_EVENT_KINDS),
      occurredAt: instant,
      effectiveDate: day,
      immediate: fc.boolean(),
      employee,
      hire: fc.record({ firstName: text, lastName: text, email }),
    })
    .map(({ hire, immediate, effectiveDate, ...body }): Json => {
      if (body.type === 'hire') {
        // A fixed-term hire's contract may not end before it starts.
        const { contractEndDate: _end, ...employee } = body.employee;

        return { ...body, effectiveDate, employee: { ...employee, ...hire } };
      }
      if (body.type === 'terminate')
        return immediate ? { ...body, immediate } : { ...body, effectiveDate };
      if (body.type === 'leave_start') return { ...body, effectiveDate, returnDate: effectiveDate };

      return body;
    });
  const mutation = fc.oneof(
    badHrId.map((v) => (b: Json) => ({ ...b, employee: { ...(b.employee as Json), hrId: v } })),
    fc
      .string()
      .filter((v) => !(HR_EVENT_KINDS as readonly string[]).includes(v))
      .map((v) => (b: Json) => ({ ...b, type: v })),
    fc
      .string()
      .filter((v) => parseIsoInstant(v) === undefined)
      .map((v) => (b: Json) => ({ ...b, occurredAt: v })),
    fc
      .string()
      .filter((v) => !/^[A-Za-z0-9._:-]{1,128}$/.test(v))
      .map((v) => (b: Json) => ({ ...b, eventId: v })),
    fc
      .constantFrom('eventId', 'type', 'occurredAt', 'employee')
      .map((k) => (b: Json) => ({ ...b, [k]: undefined })),
    fc
      .tuple(
        fc.constantFrom('eventId', 'type', 'occurredAt', 'employee', 'effectiveDate'),
        wrongType,
      )
      .map(([k, v]) => (b: Json) => ({ ...b, [k]: v })),
    fc
      .string({ minLength: 1 })
      .filter(
        (k) =>
          ![
            'eventId',
            'type',
            'occurredAt',
            'effectiveDate',
            'immediate',
            'returnDate',
            'employee',
            '__proto__',
          ].includes(k),
      )
      .map((k) => (b: Json) => ({ ...b, [k]: 1 })),
    badDay.map((v) => (b: Json) => ({ ...b, effectiveDate: v })),
    futureInstant.map((v) => (b: Json) => ({ ...b, occurredAt: v })),
    controlText.map((v) => (b: Json) => ({
      ...b,
      employee: { ...(b.employee as Json), lastName: v },
    })),
    badEmail.map((v) => (b: Json) => ({ ...b, employee: { ...(b.employee as Json), email: v } })),
  );

  it('maps every valid signed body to one event with a valid HR id', () => {
    check(validBody, 700, (body) => {
      const events = accepted(() => adapter.parse(signed(JSON.stringify(body))));

      expect(events).toHaveLength(1);
      expect(events[0]?.hrId).toBe((body.employee as Json).hrId);
    });
  });

  it('refuses a valid body with one field broken', () => {
    check(fc.tuple(validBody, mutation), 1200, ([body, mutate]) => {
      expectRefused(() => adapter.parse(signed(JSON.stringify(mutate(body)))));
    });
  });

  it('refuses random bytes and yields only well-formed events for arbitrary JSON', () => {
    check(randomBytes, 400, (bytes) => expectRefused(() => adapter.parse(signed(bytes))));
    check(arbitraryJson, 400, (raw) =>
      expectWellFormed(
        attempt(() => adapter.parse(signed(raw))),
        'generic',
      ),
    );
  });

  it('refuses unsigned, tampered, stale and wrongly keyed deliveries', () => {
    const broken = fc.oneof(
      fc.constant((d: IncomingDelivery) => ({
        ...d,
        headers: { 'content-type': 'application/json' },
      })),
      fc.nat().map((i) => (d: IncomingDelivery) => {
        const rawBody = Buffer.from(d.rawBody);
        const at = i % rawBody.length;
        rawBody.writeUInt8(rawBody.readUInt8(at) ^ 0x01, at);

        return { ...d, rawBody };
      }),
      fc
        .integer({ min: 301, max: 10_000_000 })
        .chain((s) => fc.constantFrom(s, -s))
        .map(
          (skew) => (d: IncomingDelivery) =>
            signedAt(d, String(Number(NOW_SECONDS) + skew), SECRET),
        ),
      fc
        .string({ minLength: 1 })
        .filter((s) => s !== SECRET)
        .map((secret) => (d: IncomingDelivery) => signedAt(d, NOW_SECONDS, secret)),
    );
    const signedAt = (d: IncomingDelivery, timestamp: string, secret: string) =>
      signed(d.rawBody, timestamp, secret);

    check(fc.tuple(validBody, broken), 400, ([body, breakIt]) => {
      expectRefused(() => adapter.parse(breakIt(signed(JSON.stringify(body)))));
    });
  });
});

describe('BambooHR adapter properties', () => {
  const adapter = createBambooHrAdapter({ secrets: [SECRET] });
  const signed = (raw: string | Uint8Array, secret = SECRET): IncomingDelivery => {
    const headers = {
      'x-bamboohr-timestamp': NOW_SECONDS,
      'x-bamboohr-signature': signBambooHr(secret, NOW_SECONDS, Buffer.from(raw)),
    };

    return deliveryOf(raw, { contentType: JSON_TYPE, headers, receivedAt: NOW });
  };

  const wrapped = <T>(value: fc.Arbitrary<T>) =>
    fc.oneof(
      value,
      value.map((v) => ({ value: v })),
    );
  const hireFields = fc.record({
    'Hire Date': wrapped(day),
    firstName: wrapped(text),
    'Last Name': wrapped(text),
    workEmail: wrapped(email),
  });
  const otherFields = fc.record(
    {
      department: wrapped(text),
      status: fc.constantFrom('Active', 'Inactive', 'active', ''),
      terminationDate: fc.oneof(day, fc.constantFrom('', '0000-00-00')),
      supervisorEId: hrId,
      'Time Zone': zone,
      Division: fc.jsonValue(),
    },
    { requiredKeys: [] },
  );
  const entry = fc
    .record({
      id: fc.oneof(hrId, fc.nat()),
      action: fc.constantFrom('Created', 'Updated', 'Deleted', 'created', 'UPDATED'),
      timestamp: fc.option(fc.oneof(instant, fc.nat({ max: 4_000_000_000 }))),
      changedFields: fc.option(
        fc.array(fc.constantFrom('Hire Date', 'terminationDate', 'Status', 'Department')),
      ),
      hire: hireFields,
      other: otherFields,
    })
    .map(({ hire, other, ...rest }): Json => ({ ...rest, fields: { ...other, ...hire } }));
  const validBody = fc.array(entry, { maxLength: 4 }).map((employees) => ({ employees }));

  const onFirst = (change: (e: Json) => Json) => (b: { employees: Json[] }) => ({
    employees: [change(b.employees[0] ?? {}), ...b.employees.slice(1)],
  });
  const fieldOfUpdate = (key: string, value: unknown) =>
    onFirst((e) => ({
      ...e,
      id: 'E1',
      action: 'Updated',
      fields: { ...(e.fields as Json), [key]: value },
    }));
  const mutation = fc.oneof(
    fc
      .oneof(
        badHrId,
        fc.integer({ max: -1 }),
        fc.double({ noInteger: true, noNaN: true }),
        fc.boolean(),
      )
      .map((id) => onFirst((e) => ({ ...e, id }))),
    fc
      .string()
      .filter((a) => !['created', 'updated', 'deleted'].includes(a.toLowerCase()))
      .map((action) => onFirst((e) => ({ ...e, action }))),
    fc.constantFrom('Hire Date', 'firstName', 'Last Name', 'workEmail').map((k) =>
      onFirst((e) => ({
        ...e,
        id: 'E1',
        action: 'Created',
        fields: { ...(e.fields as Json), [k]: undefined },
      })),
    ),
    fc
      .tuple(fc.constantFrom('Hire Date', 'terminationDate'), badDay)
      .map(([k, v]) => fieldOfUpdate(k, v)),
    badEmail.map((v) => fieldOfUpdate('workEmail', v)),
    fc
      .string({ minLength: 1 })
      .filter((s) => !['active', 'inactive', ''].includes(s.trim().toLowerCase()))
      .map((v) => fieldOfUpdate('status', v)),
    fc
      .oneof(fc.boolean(), fc.constant({ label: 'x' }), fc.constant([1]), controlText)
      .map((v) => fieldOfUpdate('department', v)),
    fc
      .oneof(fc.string(), fc.integer(), fc.constant(true))
      .map((fields) => onFirst((e) => ({ ...e, fields }))),
    fc.constant(onFirst((e) => ({ ...e, changedFields: [1] }))),
    fc
      .oneof(fc.string(), fc.integer(), fc.constant({}))
      .map((employees) => () => ({ employees }) as never),
  );

  it('maps every valid signed batch to one event per entry with a valid HR id', () => {
    check(validBody, 700, (body) => {
      const events = accepted(() => adapter.parse(signed(JSON.stringify(body))));

      expect(events.map((event) => event.hrId)).toEqual(body.employees.map((e) => String(e.id)));
    });
  });

  it('refuses a valid batch with one field broken, whatever the other entries hold', () => {
    check(fc.tuple(validBody, mutation), 1200, ([body, mutate]) => {
      expectRefused(() => adapter.parse(signed(JSON.stringify(mutate(body)))));
    });
  });

  it('refuses random bytes and yields only well-formed events for arbitrary JSON', () => {
    check(randomBytes, 400, (bytes) => {
      const outcome = attempt(() => adapter.parse(signed(bytes)));
      if (!isJson(bytes)) expect('error' in outcome).toBe(true);
      expectWellFormed(outcome, 'bamboohr');
    });
    check(arbitraryJson, 400, (raw) =>
      expectWellFormed(
        attempt(() => adapter.parse(signed(raw))),
        'bamboohr',
      ),
    );
  });

  it('refuses unsigned, tampered and wrongly keyed deliveries', () => {
    const broken = fc.oneof(
      fc.constant((d: IncomingDelivery) => ({ ...d, headers: {} })),
      fc.nat().map((i) => (d: IncomingDelivery) => {
        const rawBody = Buffer.from(d.rawBody);
        const at = i % rawBody.length;
        rawBody.writeUInt8(rawBody.readUInt8(at) ^ 0x20, at);

        return { ...d, rawBody };
      }),
      fc
        .string({ minLength: 1 })
        .filter((s) => s !== SECRET)
        .map((secret) => (d: IncomingDelivery) => signed(d.rawBody, secret)),
    );

    check(fc.tuple(validBody, broken), 400, ([body, breakIt]) => {
      expectRefused(() => adapter.parse(breakIt(signed(JSON.stringify(body)))));
    });
  });
});

describe('SCIM adapter properties', () => {
  const adapter = createScimAdapter({ tokens: ['scim-rotated-out', TOKEN] });
  type Request = { operation: ScimOperation; id: string; body: unknown };
  const parse = (
    { operation, id, body }: Request,
    raw?: string | Uint8Array,
    authorization = `Bearer ${TOKEN}`,
  ) => {
    const write = adapter.parse({
      operation,
      resourceId: id,
      rawBody: Buffer.from(raw ?? JSON.stringify(body)),
      headers: { 'content-type': 'application/scim+json', authorization },
      receivedAt: NOW,
    });
    for (const event of write.events) expect(event.hrId).toBe(write.hrId);
    expect(new Set(write.events.map((event) => event.eventId)).size).toBe(write.events.length);

    return write.events;
  };

  const active = fc.constantFrom(true, false, 'True', 'False', 'true', undefined);
  const user = fc.record(
    {
      active,
      userName: email,
      name: fc.record({ givenName: text, familyName: text }),
      emails: fc.array(
        fc.record({ value: email, type: fc.constantFrom('work', 'home'), primary: fc.boolean() }),
        { minLength: 1, maxLength: 3 },
      ),
      title: text,
      timezone: zone,
      displayName: fc.jsonValue(),
      [ENTERPRISE]: fc.record(
        {
          department: text,
          division: text,
          manager: fc.oneof(
            hrId.map((value) => ({ value })),
            hrId,
          ),
        },
        { requiredKeys: [] },
      ),
      [TENURE]: fc.record({ startDate: day }, { requiredKeys: [] }),
    },
    { requiredKeys: ['name', 'emails'] },
  );
  const path = fc.oneof(
    fc.tuple(
      fc.constant('active'),
      active.filter((a) => a !== undefined),
    ),
    fc.tuple(
      fc.constantFrom(
        'name.givenName',
        'title',
        `${ENTERPRISE}:department`,
        'urn:ietf:params:scim:schemas:core:2.0:User:nickName',
      ),
      text,
    ),
    fc.tuple(fc.constant('emails[type eq "work"].value'), email),
    fc.tuple(
      fc.constant(`${ENTERPRISE}:manager`),
      fc.oneof(
        hrId,
        hrId.map((value) => ({ value })),
      ),
    ),
    fc.tuple(
      fc.constantFrom('phoneNumbers', 'roles', 'urn:example:scim:extension:2.0:User:x-unknown'),
      fc.jsonValue(),
    ),
  );
  const operation = fc.oneof(
    fc
      .tuple(fc.constantFrom('replace', 'Replace', 'add', 'Add'), path)
      .map(([op, [p, value]]) => ({ op, path: p, value })),
    fc
      .tuple(fc.constantFrom('replace', 'Replace'), user)
      .map(([op, { name: _n, emails: _e, ...value }]) => ({ op, value })),
    fc
      .constantFrom('name.familyName', 'nickName', `${ENTERPRISE}:manager`)
      .map((p) => ({ op: 'Remove', path: p })),
  );
  const validRequest: fc.Arbitrary<Request> = fc.oneof(
    fc.tuple(hrId, user).map(([id, body]) => ({
      operation: 'create' as const,
      id,
      body: { schemas: [CORE, ENTERPRISE], ...body, externalId: id },
    })),
    fc.tuple(hrId, user, fc.boolean()).map(([id, body, withId]) => ({
      operation: 'replace' as const,
      id,
      body: withId ? { schemas: [CORE], ...body, externalId: id } : { schemas: [CORE], ...body },
    })),
    fc.tuple(hrId, fc.array(operation, { minLength: 1, maxLength: 5 })).map(([id, Operations]) => ({
      operation: 'patch' as const,
      id,
      body: { schemas: [PATCH_OP], Operations },
    })),
  );

  const inUser =
    (change: (b: Json) => Json) =>
    (r: Request): Request =>
      r.operation === 'patch'
        ? {
            ...r,
            body: { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: change({}) }] },
          }
        : { ...r, body: change(r.body as Json) };
  const mutation = fc.oneof(
    badHrId.map(
      (id) =>
        (r: Request): Request =>
          r.operation === 'create'
            ? { ...r, body: { ...(r.body as Json), externalId: id } }
            : { ...r, id },
    ),
    fc.constant((r: Request): Request => ({
      operation: 'create',
      id: r.id,
      body: { ...(r.body as Json), externalId: undefined, Operations: undefined },
    })),
    fc
      .oneof(
        fc.string().filter((s) => !['true', 'false'].includes(s.trim().toLowerCase())),
        fc.integer(),
        fc.constant({}),
      )
      .map((a) => inUser((b) => ({ ...b, active: a }))),
    badEmail.map((value) => inUser((b) => ({ ...b, emails: [{ value, primary: true }] }))),
    fc
      .string({ minLength: 1 })
      // Not every zone has a slash: `NZ` and `Japan` are IANA names too.
      .filter((z) => z.trim() !== '' && !isTimeZone(z.trim()))
      .map((timezone) => inUser((b) => ({ ...b, timezone }))),
    badHrId
      .filter((s) => s.trim() !== '')
      .map((value) => inUser((b) => ({ ...b, [ENTERPRISE]: { manager: { value } } }))),
    badDay
      .filter((s) => s.trim() !== '')
      .map((startDate) => inUser((b) => ({ ...b, [TENURE]: { startDate } }))),
    fc
      .tuple(
        fc.constantFrom('title', 'nickName', 'userName'),
        fc.oneof(fc.integer(), fc.boolean(), fc.constant('x'.repeat(257)), controlText),
      )
      .map(([k, v]) => inUser((b) => ({ ...b, [k]: v }))),
    fc
      .oneof(fc.array(fc.nat()), fc.string(), fc.integer())
      .map((body) => (r: Request): Request => ({ ...r, body })),
    fc.constant((r: Request): Request => ({
      ...r,
      operation: 'replace',
      body: { externalId: `${r.id}x` },
    })),
    fc
      .oneof(
        fc.constant(undefined),
        fc.constant([]),
        fc.string(),
        fc.constant([1]),
        fc.constant([{ op: 'move', path: 'title' }]),
        fc.constant([{ op: 'remove' }]),
        fc.constant([{ op: 'add', path: 'title' }]),
      )
      .map((Operations) => (r: Request): Request => ({
        ...r,
        operation: 'patch',
        body: { schemas: [PATCH_OP], Operations },
      })),
    fc.constant((r: Request): Request => ({
      ...r,
      operation: 'create',
      body: { schemas: [CORE], externalId: r.id, active: true, name: { givenName: 'Only' } },
    })),
    fc.constant((r: Request): Request => ({ ...r, body: { ...(r.body as Json), schemas: [] } })),
    fc
      .constantFrom('name..givenName', 'titel', 'emails[type eq work].value', `${ENTERPRISE}:dept`)
      .map((path) => (r: Request): Request => ({
        ...r,
        operation: 'patch',
        body: { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path, value: 'x' }] },
      })),
  );

  it('maps every valid create, replace and patch to events for the user it names', () => {
    check(validRequest, 700, (request) => {
      const events = accepted(() => parse(request));

      if (
        request.operation === 'create' &&
        (request.body as Json).active !== false &&
        (request.body as Json).active !== 'False'
      ) {
        expect(events.map((event) => event.kind)).toEqual(['hire']);
      }
    });
  });

  it('refuses a valid request with one field broken', () => {
    check(fc.tuple(validRequest, mutation), 1200, ([request, mutate]) => {
      expectRefused(() => parse(mutate(request)));
    });
  });

  it('refuses random bytes and yields only well-formed events for arbitrary JSON', () => {
    const anyRequest = fc.record({
      operation: fc.constantFrom<ScimOperation>('create', 'replace', 'patch'),
      id: fc.oneof(hrId, fc.string()),
    });
    check(fc.tuple(anyRequest, randomBytes), 400, ([request, bytes]) => {
      const outcome = attempt(() => parse({ ...request, body: null }, bytes));
      if (!isJson(bytes)) expect('error' in outcome).toBe(true);
      expectWellFormed(outcome, 'scim');
    });
    check(fc.tuple(anyRequest, arbitraryJson), 400, ([request, raw]) => {
      expectWellFormed(
        attempt(() => parse({ ...request, body: null }, raw)),
        'scim',
      );
    });
  });

  it('refuses a request without a configured bearer token before reading it', () => {
    const authorization = fc.oneof(
      fc.constant(''),
      fc
        .string()
        .filter((s) => !s.includes(TOKEN) && !s.includes('scim-rotated-out'))
        .map((s) => `Bearer ${s}`),
      fc.constant(`Basic ${TOKEN}`),
      fc.constant(`Bearer ${TOKEN.slice(0, -1)}`),
    );

    check(fc.tuple(validRequest, authorization), 400, ([request, header]) => {
      expectRefused(() => parse(request, undefined, header));
    });
  });
});

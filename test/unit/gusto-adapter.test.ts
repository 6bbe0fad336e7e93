import {
  createGustoAdapter,
  GUSTO_REPLAY_WINDOW_MS,
  GUSTO_SIGNATURE_HEADER,
  signGusto,
} from '../../server/adapters/gusto-adapter';
import { IntakeConfigError, type IncomingDelivery } from '../../server/adapters';
import { deliveryOf, refusal } from '../support/intake-deliveries';

// One obviously fake Gusto employee UUID, varied per test.
const EMPLOYEE_UUID = '0fa1e5e0-0000-4000-8000-00000000a001';
const TOKEN = 'c0ffee00-1111-4222-8333-444455556666';
const NOW = new Date('2026-12-04T09:00:30Z');
const NOW_SECONDS = NOW.getTime() / 1000;

function eventBody(changes: Record<string, unknown> = {}) {
  return {
    uuid: '03ffbf0c-0000-4000-8000-0000000000e1',
    event_type: 'employee.updated',
    resource_type: 'Company',
    resource_uuid: '5df911a0-0000-4000-8000-00000000c001',
    entity_type: 'Employee',
    entity_uuid: EMPLOYEE_UUID,
    timestamp: NOW_SECONDS - 30,
    ...changes,
  };
}

function delivery(
  raw: string,
  { token = TOKEN, contentType = 'application/json' as string | undefined, at = NOW } = {},
): IncomingDelivery {
  const headers = { [GUSTO_SIGNATURE_HEADER]: signGusto(token, raw) };

  return deliveryOf(raw, { contentType, headers, receivedAt: at });
}

function unsigned(raw: string, contentType = 'application/json'): IncomingDelivery {
  return deliveryOf(raw, { contentType, receivedAt: NOW });
}

describe('Gusto adapter', () => {
  const adapter = createGustoAdapter({ secrets: [TOKEN] });
  const parse = (body: unknown) => adapter.parse(delivery(JSON.stringify(body)));

  it('is mounted on /webhooks/gusto and writes the gusto source', () => {
    expect(adapter.source).toBe('gusto');
    expect(adapter.route).toBeUndefined();
  });

  it("maps employee.created to one refresh keyed by Gusto's event uuid", () => {
    const events = parse(eventBody({ event_type: 'employee.created' }));

    expect(events).toEqual([
      {
        eventId: 'gusto:03ffbf0c-0000-4000-8000-0000000000e1',
        source: 'gusto',
        hrId: EMPLOYEE_UUID,
        kind: 'refresh',
        occurredAt: '2026-12-04T09:00:00.000Z',
      },
    ]);
  });

  it.each([
    'employee.updated',
    'employee.onboarded',
    'employee.termination_cancelled',
    'employee.rehired',
    'employee.rehire_cancelled',
    'employee.rehire_effective',
    'employee.self_onboarding_completed',
    'employee.something_gusto_adds_later',
  ])('maps %s to a refresh', (eventType) => {
    const events = parse(eventBody({ event_type: eventType }));

    expect(events.map((e) => [e.kind, e.hrId])).toEqual([['refresh', EMPLOYEE_UUID]]);
  });

  it('maps employee.terminated to a refresh, never to a termination', () => {
    const events = parse(eventBody({ event_type: 'employee.terminated' }));

    expect(events).toHaveLength(1);
    expect(events[0]?.kind).toBe('refresh');
    expect(events[0]).not.toHaveProperty('immediate');
    expect(events[0]).not.toHaveProperty('effectiveDate');
  });

  it.each(['employee.terminated_effective', 'employee.termination_effective'])(
    'maps %s (both documented spellings) to a refresh',
    (eventType) => {
      const events = parse(eventBody({ event_type: eventType }));

      expect(events.map((e) => e.kind)).toEqual(['refresh']);
    },
  );

  it('maps employee.deleted to rescind_hire', () => {
    const events = parse(eventBody({ event_type: 'employee.deleted' }));

    expect(events.map((e) => [e.kind, e.hrId])).toEqual([['rescind_hire', EMPLOYEE_UUID]]);
  });

  it.each([
    ['Contractor', 'contractor.deactivated'],
    ['Company', 'company.provisioned'],
    ['EmployeeJobCompensation', 'employee_job_compensation.updated'],
  ])('acknowledges a %s event without starting anything', (entityType, eventType) => {
    const events = parse(eventBody({ entity_type: entityType, event_type: eventType }));

    expect(events).toEqual([]);
  });

  it('accepts an older delivery with numeric ids and without uuid, keyed by its content', () => {
    const older = eventBody({ uuid: undefined, resource_id: 7756341741171842, entity_id: 77 });

    const events = parse(older);

    expect(events[0]?.eventId).toMatch(/^gusto:[0-9a-f]{32}$/);
    expect(events[0]?.hrId).toBe(EMPLOYEE_UUID);
  });

  describe('bootstrap handshake', () => {
    it('hands over the verification token, unsigned, and answers what it received', () => {
      const handshake = unsigned(`{"verification_token":"${TOKEN}"}`);

      const reply = adapter.handshake?.(handshake);

      expect(reply).toEqual({ body: { received: 'verification_token' }, verificationToken: TOKEN });
    });

    it('recognises the handshake with any spacing and with a signature header', () => {
      const spaced = unsigned(`{ "verification_token" : "${TOKEN}" }\n`);
      const signed = delivery(`{"verification_token":"${TOKEN}"}`);

      expect(adapter.handshake?.(spaced)?.verificationToken).toBe(TOKEN);
      expect(adapter.handshake?.(signed)?.verificationToken).toBe(TOKEN);
    });

    it.each([
      ['a number', 42],
      ['an empty string', ''],
      ['a short string', 'abc'],
      ['spaces and quotes', 'not a "token" at all'],
      ['an object', { value: TOKEN }],
    ])('refuses a verification_token that is %s with 400 naming the field', (_case, value) => {
      const error = refusal(() =>
        adapter.handshake?.(unsigned(JSON.stringify({ verification_token: value }))),
      );

      expect(error.status).toBe(400);
      expect(error.code).toBe('intake.invalid_body');
      expect(error.message).toMatch(/^verification_token: expected 8-128/);
      expect(error.message).not.toContain('token" at all');
    });

    it('leaves everything else to parse', () => {
      const others = [
        JSON.stringify(eventBody()),
        JSON.stringify({ verification_token: TOKEN, event_type: 'employee.created' }),
        `[{"verification_token":"${TOKEN}"}]`,
        '{not json',
        '',
        JSON.stringify({ verification_token: TOKEN, padding: 'x'.repeat(600) }),
      ];

      const replies = others.map((raw) => adapter.handshake?.(unsigned(raw)));

      expect(replies).toEqual(others.map(() => undefined));
    });
  });

  describe('bootstrap mode, before a verification token is configured', () => {
    const bootstrapping = createGustoAdapter({ secrets: [] });

    it('still answers the handshake', () => {
      const reply = bootstrapping.handshake?.(unsigned(`{"verification_token":"${TOKEN}"}`));

      expect(reply?.verificationToken).toBe(TOKEN);
    });

    it('refuses every event with 401 saying no verification token is configured yet', () => {
      const error = refusal(() => bootstrapping.parse(delivery(JSON.stringify(eventBody()))));

      expect(error.status).toBe(401);
      expect(error.code).toBe('intake.bad_signature');
      expect(error.message).toMatch(/No Gusto verification token is configured yet/);
    });
  });

  describe('signature', () => {
    it('refuses a body signed with another token with 401 naming the header', () => {
      const error = refusal(() =>
        adapter.parse(delivery(JSON.stringify(eventBody()), { token: 'other-token' })),
      );

      expect(error.status).toBe(401);
      expect(error.code).toBe('intake.bad_signature');
      expect(error.message).toContain('X-Gusto-Signature');
      expect(error.message).not.toContain(TOKEN);
    });

    it('refuses a body changed after signing, even by whitespace only', () => {
      const signed = delivery(JSON.stringify(eventBody()));
      const tampered = { ...signed, rawBody: Buffer.from(JSON.stringify(eventBody(), null, 1)) };

      expect(refusal(() => adapter.parse(tampered)).code).toBe('intake.bad_signature');
    });

    it('refuses a missing signature header with 401 naming it', () => {
      const error = refusal(() => adapter.parse(unsigned(JSON.stringify(eventBody()))));

      expect(error.status).toBe(401);
      expect(error.message).toBe('Missing X-Gusto-Signature header');
    });

    it('accepts upper-case hex and a delivery signed with the second of two tokens', () => {
      const raw = JSON.stringify(eventBody());
      const rotating = createGustoAdapter({ secrets: ['old-token-0000', TOKEN] });
      const upper = { ...delivery(raw) };
      upper.headers = {
        ...upper.headers,
        [GUSTO_SIGNATURE_HEADER]: signGusto(TOKEN, raw).toUpperCase(),
      };

      expect(rotating.parse(delivery(raw))).toHaveLength(1);
      expect(adapter.parse(upper)).toHaveLength(1);
    });

    it('checks the signature before parsing, so unsigned garbage gets 401', () => {
      const signed = delivery(JSON.stringify(eventBody()));
      const garbage = { ...signed, rawBody: Buffer.from('{not json') };

      expect(refusal(() => adapter.parse(garbage)).status).toBe(401);
    });
  });

  describe('freshness and time', () => {
    it('accepts a retry six days late, as Gusto retries for days', () => {
      const sixDaysLate = new Date(NOW.getTime() + 6 * 24 * 3600 * 1000);

      const events = adapter.parse(delivery(JSON.stringify(eventBody()), { at: sixDaysLate }));

      expect(events).toHaveLength(1);
      expect(events[0]?.occurredAt).toBe('2026-12-04T09:00:00.000Z');
    });

    it('refuses a delivery whose timestamp is older than the replay window with 401', () => {
      const stale = eventBody({ timestamp: NOW_SECONDS - GUSTO_REPLAY_WINDOW_MS / 1000 - 1 });

      const error = refusal(() => parse(stale));

      expect(error.status).toBe(401);
      expect(error.code).toBe('intake.stale_timestamp');
    });

    it('takes the arrival time for a timestamp in the future', () => {
      const events = parse(eventBody({ timestamp: NOW_SECONDS + 3600 }));

      expect(events[0]?.occurredAt).toBe(NOW.toISOString());
    });

    it('reads a timestamp sent as a string of digits', () => {
      const events = parse(eventBody({ timestamp: String(NOW_SECONDS - 30) }));

      expect(events[0]?.occurredAt).toBe('2026-12-04T09:00:00.000Z');
    });
  });

  describe('idempotency key', () => {
    it('keeps the key across identical redeliveries', () => {
      const raw = JSON.stringify(eventBody());

      const first = adapter.parse(delivery(raw));
      const second = adapter.parse(delivery(raw, { at: new Date(NOW.getTime() + 3600_000) }));

      expect(second[0]?.eventId).toBe(first[0]?.eventId);
    });

    it('keeps the content key of a uuid-less event across redeliveries and key order', () => {
      const { uuid: _uuid, ...body } = eventBody();
      const { entity_uuid, ...rest } = body;

      const first = parse(body);
      const reordered = adapter.parse(delivery(JSON.stringify({ entity_uuid, ...rest }, null, 2)));

      expect(reordered[0]?.eventId).toBe(first[0]?.eventId);
    });

    it('gives another event, type, time or person a new key without uuid', () => {
      const keyOf = (changes: Record<string, unknown>) =>
        parse(eventBody({ uuid: null, ...changes }))[0]?.eventId;

      const keys = [
        keyOf({}),
        keyOf({ event_type: 'employee.created' }),
        keyOf({ timestamp: NOW_SECONDS - 31 }),
        keyOf({ entity_uuid: '0fa1e5e0-0000-4000-8000-00000000a002' }),
      ];

      expect(new Set(keys).size).toBe(4);
    });
  });

  describe('body', () => {
    it('refuses a signed body that is not JSON with 400', () => {
      const error = refusal(() => adapter.parse(delivery('{not json')));

      expect(error.status).toBe(400);
      expect(error.code).toBe('intake.invalid_body');
    });

    it('refuses a signed body sent as another media type with 415', () => {
      const raw = JSON.stringify(eventBody());

      const error = refusal(() => adapter.parse(delivery(raw, { contentType: 'text/plain' })));

      expect(error.status).toBe(415);
    });

    it.each([
      ['a missing event_type', { event_type: undefined }, /^event_type: is required/],
      ['an entity_type that is no string', { entity_type: 7 }, /^entity_type: expected string/],
      ['a timestamp in words', { timestamp: 'yesterday' }, /^timestamp: expected unix seconds/],
      ['a missing timestamp', { timestamp: undefined }, /^timestamp: expected unix seconds/],
      ['a uuid with a slash', { uuid: 'not/a uuid' }, /^uuid: expected 1-64 letters/],
    ])('refuses %s with 400 naming the field', (_field, changes, message) => {
      const error = refusal(() => parse(eventBody(changes)));

      expect(error.status).toBe(400);
      expect(error.message).toMatch(message);
    });

    it('refuses an employee event without entity_uuid with 400 naming it', () => {
      const error = refusal(() => parse(eventBody({ entity_uuid: undefined })));

      expect(error.status).toBe(400);
      expect(error.message).toBe('entity_uuid: is required for Employee events');
    });

    it('refuses an entity_uuid outside the HR id alphabet without echoing it', () => {
      const error = refusal(() => parse(eventBody({ entity_uuid: '../secret id' })));

      expect(error.status).toBe(400);
      expect(error.message).toContain('entity_uuid');
      expect(error.message).not.toContain('secret id');
    });

    it('ignores keys Gusto may add, since a refusal costs sixteen retries', () => {
      const events = parse({ ...eventBody(), extra: { nested: [1, 2] }, version: 2 });

      expect(events).toHaveLength(1);
    });
  });

  it('refuses to start with a secret that is not a non-empty string', () => {
    expect(() => createGustoAdapter({ secrets: [''] })).toThrow(IntakeConfigError);
  });
});

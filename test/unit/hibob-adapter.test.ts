import {
  createHiBobAdapter,
  HIBOB_SIGNATURE_HEADER,
  signHiBob,
} from '../../server/adapters/hibob-adapter';
import { IntakeConfigError, type IncomingDelivery } from '../../server/adapters';
import { deliveryOf, refusal } from '../support/intake-deliveries';

// One obviously fake HiBob employee id, varied per test.
const EMPLOYEE_ID = '3332883884017713238';
const SECRET = 'whsec-hibob-one';
const NOW = new Date('2026-12-04T09:00:30Z');

function eventBody(changes: Record<string, unknown> = {}, data: Record<string, unknown> = {}) {
  return {
    companyId: 640001,
    type: 'employee.updated',
    triggeredBy: '3332883884017713000',
    triggeredAt: '2026-12-04T09:00:00.915906',
    version: 'v2',
    data: { employeeId: EMPLOYEE_ID, fieldUpdates: [{ fieldId: 'work.department' }], ...data },
    ...changes,
  };
}

function delivery(
  raw: string,
  { secret = SECRET, contentType = 'application/json' as string | undefined } = {},
): IncomingDelivery {
  const headers = { [HIBOB_SIGNATURE_HEADER]: signHiBob(secret, raw) };

  return deliveryOf(raw, { contentType, headers, receivedAt: NOW });
}

function unsigned(raw: string, contentType = 'text/plain'): IncomingDelivery {
  return deliveryOf(raw, { contentType, receivedAt: NOW });
}

describe('HiBob adapter', () => {
  const adapter = createHiBobAdapter({ secrets: [SECRET] });
  const parse = (body: unknown) => adapter.parse(delivery(JSON.stringify(body)));

  it('is mounted on /webhooks/hibob and writes the hibob source', () => {
    expect(adapter.source).toBe('hibob');
    expect(adapter.route).toBeUndefined();
  });

  it('maps employee.created to one refresh of the person', () => {
    const events = parse(eventBody({ type: 'employee.created' }));

    expect(events).toEqual([
      {
        eventId: expect.stringMatching(/^hibob:[0-9a-f]{32}$/),
        source: 'hibob',
        hrId: EMPLOYEE_ID,
        kind: 'refresh',
        occurredAt: '2026-12-04T09:00:00.915Z',
      },
    ]);
  });

  it.each([
    'employee.updated',
    'table.entry.created',
    'table.entry.updated',
    'employee.joined',
    'employee.left',
    'employee.inactivated',
    'employee.activated',
    'employee.temporaryLeave',
    'employee.access.revoked.immediately',
  ])('maps %s to a refresh', (type) => {
    const events = parse(eventBody({ type }));

    expect(events.map((e) => [e.kind, e.hrId])).toEqual([['refresh', EMPLOYEE_ID]]);
  });

  it('maps employee.deleted to rescind_hire', () => {
    const events = parse(eventBody({ type: 'employee.deleted' }, { fieldUpdates: undefined }));

    expect(events.map((e) => [e.kind, e.hrId])).toEqual([['rescind_hire', EMPLOYEE_ID]]);
  });

  it('accepts a table event carrying tableId and effectiveDate', () => {
    const body = eventBody(
      { type: 'table.entry.created' },
      { fieldUpdates: undefined, tableId: 'work', effectiveDate: '2026-12-07' },
    );

    expect(parse(body)).toHaveLength(1);
  });

  describe('setup ping', () => {
    it('answers the plain-text ping with no events, with or without a signature', () => {
      expect(adapter.parse(unsigned('Ping test'))).toEqual([]);
      expect(adapter.parse(delivery('Ping test', { contentType: 'text/plain' }))).toEqual([]);
    });

    it('answers the JSON ping with no events, with or without a signature', () => {
      const raw = '{"text":"Ping test"}';

      expect(adapter.parse(unsigned(raw, 'application/json'))).toEqual([]);
      expect(adapter.parse(delivery(raw))).toEqual([]);
      expect(adapter.parse(unsigned('{ "text": "Ping test" }\n', 'application/json'))).toEqual([]);
    });

    it('does not take anything else unsigned for a ping', () => {
      const others = ['Ping test!', '{"text":"Ping test","type":"employee.deleted"}', ''];

      const statuses = others.map((raw) => refusal(() => adapter.parse(unsigned(raw))).status);

      expect(statuses).toEqual([401, 401, 401]);
    });
  });

  describe('signature', () => {
    it('verifies base64 HMAC-SHA512 over the raw body', () => {
      const raw = JSON.stringify(eventBody());

      expect(adapter.parse(delivery(raw))).toHaveLength(1);
    });

    it('accepts the base64 value without its padding', () => {
      const signed = delivery(JSON.stringify(eventBody()));
      const header = String(signed.headers[HIBOB_SIGNATURE_HEADER]).replace(/=+$/, '');

      const events = adapter.parse({
        ...signed,
        headers: { ...signed.headers, [HIBOB_SIGNATURE_HEADER]: header },
      });

      expect(events).toHaveLength(1);
    });

    it('refuses a signature made with another secret with 401 naming the header', () => {
      const error = refusal(() =>
        adapter.parse(delivery(JSON.stringify(eventBody()), { secret: 'other' })),
      );

      expect(error.status).toBe(401);
      expect(error.code).toBe('intake.bad_signature');
      expect(error.message).toContain('Bob-Signature');
      expect(error.message).not.toContain(SECRET);
    });

    it('refuses a body changed after signing, even by whitespace only', () => {
      const signed = delivery(JSON.stringify(eventBody()));
      const tampered = { ...signed, rawBody: Buffer.from(JSON.stringify(eventBody(), null, 1)) };

      expect(refusal(() => adapter.parse(tampered)).code).toBe('intake.bad_signature');
    });

    it('refuses a missing signature header with 401 naming it', () => {
      const error = refusal(() =>
        adapter.parse(unsigned(JSON.stringify(eventBody()), 'application/json')),
      );

      expect(error.status).toBe(401);
      expect(error.message).toBe('Missing Bob-Signature header');
    });

    it('refuses a hex or truncated signature with 401', () => {
      const raw = JSON.stringify(eventBody());
      const signature = signHiBob(SECRET, raw);
      const values = [Buffer.from(signature, 'base64').toString('hex'), signature.slice(4)];

      const statuses = values.map(
        (value) =>
          refusal(() =>
            adapter.parse({
              ...delivery(raw),
              headers: { 'content-type': 'application/json', [HIBOB_SIGNATURE_HEADER]: value },
            }),
          ).status,
      );

      expect(statuses).toEqual([401, 401]);
    });

    it('accepts a delivery signed with the second of two rotated secrets', () => {
      const rotating = createHiBobAdapter({ secrets: ['old-secret', SECRET] });

      expect(rotating.parse(delivery(JSON.stringify(eventBody())))).toHaveLength(1);
    });

    it('checks the signature before parsing, so unsigned garbage gets 401', () => {
      const signed = delivery(JSON.stringify(eventBody()));
      const garbage = { ...signed, rawBody: Buffer.from('{not json') };

      expect(refusal(() => adapter.parse(garbage)).status).toBe(401);
    });
  });

  describe('body', () => {
    it('refuses a signed body that is not JSON with 400', () => {
      const error = refusal(() => adapter.parse(delivery('{not json')));

      expect(error.status).toBe(400);
      expect(error.code).toBe('intake.invalid_body');
    });

    it('refuses an unknown event type with 400 naming type', () => {
      const error = refusal(() => parse(eventBody({ type: 'employee.renamed' })));

      expect(error.status).toBe(400);
      expect(error.message).toMatch(/^type: expected one of employee\.created/);
    });

    it('refuses a v1 webhook with 400 naming version', () => {
      const error = refusal(() => parse(eventBody({ version: 'v1' })));

      expect(error.status).toBe(400);
      expect(error.message).toMatch(/^version: expected "v2"/);
    });

    it('refuses a missing employee id with 400 naming data.employeeId', () => {
      const error = refusal(() => parse(eventBody({}, { employeeId: undefined })));

      expect(error.status).toBe(400);
      expect(error.message).toContain('data.employeeId');
    });

    it('refuses an employee id outside the HR id alphabet without echoing it', () => {
      const error = refusal(() => parse(eventBody({}, { employeeId: '../secret id' })));

      expect(error.status).toBe(400);
      expect(error.message).toContain('data.employeeId');
      expect(error.message).not.toContain('secret id');
    });

    it('refuses a body without data with 400', () => {
      const error = refusal(() => parse({ ...eventBody(), data: undefined }));

      expect(error.status).toBe(400);
      expect(error.message).toContain('data');
    });

    it('refuses a signed body that is not JSON by media type with 415', () => {
      const raw = JSON.stringify(eventBody());

      const error = refusal(() => adapter.parse(delivery(raw, { contentType: 'text/plain' })));

      expect(error.status).toBe(415);
    });

    it('ignores keys HiBob may add, since a refusal costs days of retries', () => {
      const body = { ...eventBody({}, { tableId: 'x', extra: { nested: true } }), extra: 1 };

      expect(parse(body)).toHaveLength(1);
    });
  });

  describe('idempotency key and time', () => {
    it('keeps the key across identical redeliveries', () => {
      const raw = JSON.stringify(eventBody());

      const first = adapter.parse(delivery(raw));
      const later = { ...delivery(raw), receivedAt: new Date('2026-12-04T10:00:30Z') };
      const second = adapter.parse(later);

      expect(second[0]?.eventId).toBe(first[0]?.eventId);
    });

    it('gives the same key to the same content sent with other key order and spacing', () => {
      const { data, version, ...rest } = eventBody();
      const reordered = { data, version, ...rest };

      expect(adapter.parse(delivery(JSON.stringify(reordered, null, 2)))[0]?.eventId).toBe(
        parse(eventBody())[0]?.eventId,
      );
    });

    it('gives a new key to a later change, another type, other data or another person', () => {
      const keyOf = (body: unknown) => parse(body)[0]?.eventId;
      const base = keyOf(eventBody());

      const keys = [
        keyOf(eventBody({ triggeredAt: '2026-12-04T09:05:00.000001' })),
        keyOf(eventBody({ type: 'employee.created' })),
        keyOf(eventBody({}, { fieldUpdates: [{ fieldId: 'work.title' }] })),
        keyOf(eventBody({}, { employeeId: '3332883884017713239' })),
      ];

      expect(new Set([base, ...keys]).size).toBe(5);
    });

    it('reads triggeredAt without an offset as UTC, and honours an offset if present', () => {
      const bare = parse(eventBody({ triggeredAt: '2026-12-04T08:59:59' }));
      const offset = parse(eventBody({ triggeredAt: '2026-12-04T09:59:59+01:00' }));

      expect(bare[0]?.occurredAt).toBe('2026-12-04T08:59:59.000Z');
      expect(offset[0]?.occurredAt).toBe('2026-12-04T08:59:59.000Z');
    });

    it('takes the arrival time for a triggeredAt in the future, before 2000 or unreadable', () => {
      const times = ['2027-01-01T00:00:00.000000', '1970-01-01T00:00:00', 'yesterday'];

      const events = times.flatMap((triggeredAt) => parse(eventBody({ triggeredAt })));

      expect(events.map((e) => e.occurredAt)).toEqual(times.map(() => NOW.toISOString()));
    });

    it('uses the arrival time for occurredAt and the key when triggeredAt is missing', () => {
      const raw = JSON.stringify(eventBody({ triggeredAt: undefined }));

      const first = adapter.parse(delivery(raw));
      const later = adapter.parse({ ...delivery(raw), receivedAt: new Date('2026-12-04T10:00Z') });

      expect(first[0]?.occurredAt).toBe(NOW.toISOString());
      expect(later[0]?.eventId).not.toBe(first[0]?.eventId);
    });
  });

  it('refuses to start without a secret', () => {
    expect(() => createHiBobAdapter({ secrets: [] })).toThrow(IntakeConfigError);
  });
});

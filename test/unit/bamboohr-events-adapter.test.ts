import {
  createBambooHrEventsAdapter,
  BAMBOOHR_EVENTS_ROUTE,
} from '../../server/adapters/bamboohr-events-adapter';
import { IntakeConfigError, signBambooHr, type IncomingDelivery } from '../../server/adapters';
import { deliveryOf, refusal } from '../support/intake-deliveries';

// One obviously fake employee id, varied per test.
const EMPLOYEE_ID = '4101';
const SECRET = 'whsec-events-one';
const NOW = new Date('2026-12-04T09:00:30Z');
const TIMESTAMP_HEADER = '1796374830';

function eventBody(changes: Record<string, unknown> = {}, data: Record<string, unknown> = {}) {
  return {
    type: 'employee.updated',
    timestamp: '2026-12-04T09:00:00+0000',
    data: { companyId: 1, employeeId: EMPLOYEE_ID, changedFields: ['department'], ...data },
    ...changes,
  };
}

function delivery(
  raw: string,
  { secret = SECRET, timestamp = TIMESTAMP_HEADER, contentType = 'application/json' } = {},
): IncomingDelivery {
  const headers = {
    'x-bamboohr-timestamp': timestamp,
    'x-bamboohr-signature': signBambooHr(secret, timestamp, raw),
  };

  return deliveryOf(raw, { contentType, headers, receivedAt: NOW });
}

const FORM = 'application/x-www-form-urlencoded';

describe('BambooHR event-based adapter', () => {
  const adapter = createBambooHrEventsAdapter({ secrets: [SECRET] });

  it('writes the bamboohr source into events while mounted on its own route', () => {
    expect(adapter.source).toBe('bamboohr');
    expect(adapter.route).toBe(BAMBOOHR_EVENTS_ROUTE);
    expect(BAMBOOHR_EVENTS_ROUTE).toBe('bamboohr-events');
  });

  it('maps employee.created to one refresh of the same person as field-based webhooks', () => {
    const body = eventBody({ type: 'employee.created' }, { changedFields: undefined });
    const raw = JSON.stringify(body);

    const events = adapter.parse(delivery(raw));

    expect(events).toEqual([
      {
        eventId: expect.stringMatching(/^bamboohr:[0-9a-f]{32}$/),
        source: 'bamboohr',
        hrId: EMPLOYEE_ID,
        kind: 'refresh',
        occurredAt: '2026-12-04T09:00:00.000Z',
      },
    ]);
  });

  it('maps employee.updated to a refresh and employee.deleted to rescind_hire', () => {
    const updated = adapter.parse(delivery(JSON.stringify(eventBody())));
    const deleted = adapter.parse(
      delivery(JSON.stringify(eventBody({ type: 'employee.deleted' }, { changedFields: [] }))),
    );

    expect(updated.map((e) => e.kind)).toEqual(['refresh']);
    expect(deleted.map((e) => e.kind)).toEqual(['rescind_hire']);
    expect(deleted[0]?.hrId).toBe(EMPLOYEE_ID);
  });

  it('accepts a numeric employee id as the same person as its string form', () => {
    const asNumber = adapter.parse(delivery(JSON.stringify(eventBody({}, { employeeId: 4101 }))));
    const asString = adapter.parse(delivery(JSON.stringify(eventBody())));

    expect(asNumber[0]?.hrId).toBe(EMPLOYEE_ID);
    expect(asNumber[0]?.eventId).toBe(asString[0]?.eventId);
  });

  describe('signature', () => {
    it('verifies hex HMAC-SHA256 over the raw body followed by the timestamp header', () => {
      const raw = JSON.stringify(eventBody());

      expect(adapter.parse(delivery(raw))).toHaveLength(1);
    });

    it('refuses a signature made with another secret with 401', () => {
      const raw = JSON.stringify(eventBody());

      const error = refusal(() => adapter.parse(delivery(raw, { secret: 'other' })));

      expect(error.status).toBe(401);
      expect(error.code).toBe('intake.bad_signature');
      expect(error.message).not.toContain(SECRET);
    });

    it('refuses a body changed after signing, even by whitespace only', () => {
      const signed = delivery(JSON.stringify(eventBody()));
      const tampered = { ...signed, rawBody: Buffer.from(JSON.stringify(eventBody(), null, 1)) };

      expect(refusal(() => adapter.parse(tampered)).code).toBe('intake.bad_signature');
    });

    it('refuses a missing timestamp or signature header with 401 naming it', () => {
      const signed = delivery(JSON.stringify(eventBody()));
      const { 'x-bamboohr-timestamp': _, ...noTimestamp } = signed.headers;
      const { 'x-bamboohr-signature': __, ...noSignature } = signed.headers;

      const first = refusal(() => adapter.parse({ ...signed, headers: noTimestamp }));
      const second = refusal(() => adapter.parse({ ...signed, headers: noSignature }));

      expect([first.status, second.status]).toEqual([401, 401]);
      expect(first.message).toContain('X-BambooHR-Timestamp');
      expect(second.message).toContain('X-BambooHR-Signature');
    });

    it('accepts a timestamp a year old, since BambooHR sets no freshness rule', () => {
      const yearAgo = String(Math.floor(NOW.getTime() / 1000) - 365 * 86_400);

      const events = adapter.parse(delivery(JSON.stringify(eventBody()), { timestamp: yearAgo }));

      expect(events).toHaveLength(1);
    });

    it('accepts a delivery signed with the second of two rotated secrets', () => {
      const rotating = createBambooHrEventsAdapter({ secrets: ['old-secret', SECRET] });

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
      const error = refusal(() =>
        adapter.parse(delivery(JSON.stringify(eventBody({ type: 'employee.renamed' })))),
      );

      expect(error.status).toBe(400);
      expect(error.message).toMatch(/^type: expected employee\.created/);
    });

    it('refuses a missing employee id with 400 naming data.employeeId', () => {
      const error = refusal(() =>
        adapter.parse(delivery(JSON.stringify(eventBody({}, { employeeId: undefined })))),
      );

      expect(error.status).toBe(400);
      expect(error.message).toContain('data.employeeId');
    });

    it('refuses an employee id outside the HR id alphabet without echoing it', () => {
      const error = refusal(() =>
        adapter.parse(delivery(JSON.stringify(eventBody({}, { employeeId: '../secret id' })))),
      );

      expect(error.status).toBe(400);
      expect(error.message).toContain('data.employeeId');
      expect(error.message).not.toContain('secret id');
    });

    it('refuses a body without data with 400', () => {
      const raw = JSON.stringify({ type: 'employee.updated' });

      const error = refusal(() => adapter.parse(delivery(raw)));

      expect(error.message).toContain('data');
    });

    it('refuses a media type other than JSON or form with 415', () => {
      const error = refusal(() =>
        adapter.parse(delivery(JSON.stringify(eventBody()), { contentType: 'text/plain' })),
      );

      expect(error.status).toBe(415);
      expect(error.message).toContain(FORM);
    });

    it('ignores keys BambooHR may add, since a refusal would lose the delivery', () => {
      const body = { ...eventBody({ webhookId: 9 }), extra: true };

      expect(adapter.parse(delivery(JSON.stringify(body)))).toHaveLength(1);
    });
  });

  describe('form-post variant', () => {
    const form =
      'type=employee.updated&timestamp=2026-12-04T09%3A00%3A00%2B0000&data[companyId]=1' +
      `&data[employeeId]=${EMPLOYEE_ID}&data[changedFields][0]=department`;

    it('maps a form-encoded delivery to the same event, key included, as its JSON twin', () => {
      const fromForm = adapter.parse(delivery(form, { contentType: `${FORM}; charset=utf-8` }));
      const fromJson = adapter.parse(delivery(JSON.stringify(eventBody())));

      expect(fromForm).toEqual(fromJson);
    });

    it('reads list entries written as data[changedFields][]', () => {
      const appended = form.replace('[changedFields][0]', '[changedFields][]');

      const events = adapter.parse(delivery(appended, { contentType: FORM }));

      const indexed = adapter.parse(delivery(form, { contentType: FORM }));
      expect(events[0]?.eventId).toBe(indexed[0]?.eventId);
    });

    it('refuses a key sent twice with different values with 400 naming the key', () => {
      const twice = `${form}&data[employeeId]=4102`;

      const error = refusal(() => adapter.parse(delivery(twice, { contentType: FORM })));

      expect(error.status).toBe(400);
      expect(error.message).toContain('data[employeeId]');
    });

    it('treats a __proto__ key as plain data', () => {
      const polluted = `${form}&__proto__[polluted]=yes&data[__proto__]=x`;

      const events = adapter.parse(delivery(polluted, { contentType: FORM }));

      expect(events).toHaveLength(1);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('refuses a form without an employee id with 400', () => {
      const error = refusal(() =>
        adapter.parse(delivery('type=employee.created&data[companyId]=1', { contentType: FORM })),
      );

      expect(error.status).toBe(400);
      expect(error.message).toContain('data.employeeId');
    });
  });

  describe('idempotency key', () => {
    it('keeps the key across identical redeliveries', () => {
      const raw = JSON.stringify(eventBody());

      const first = adapter.parse(delivery(raw));
      const resent = delivery(raw, { timestamp: '1796378430' });
      const second = adapter.parse({ ...resent, receivedAt: new Date('2026-12-04T10:00:30Z') });

      expect(second[0]?.eventId).toBe(first[0]?.eventId);
    });

    it('ignores the order of changed fields', () => {
      const one = eventBody({}, { changedFields: ['department', 'jobTitle'] });
      const other = eventBody({}, { changedFields: ['jobTitle', 'department'] });

      expect(adapter.parse(delivery(JSON.stringify(one)))[0]?.eventId).toBe(
        adapter.parse(delivery(JSON.stringify(other)))[0]?.eventId,
      );
    });

    it('gives a new key to a later change, another type or other changed fields', () => {
      const keyOf = (body: unknown) => adapter.parse(delivery(JSON.stringify(body)))[0]?.eventId;
      const base = keyOf(eventBody());

      const keys = [
        keyOf(eventBody({ timestamp: '2026-12-04T09:05:00+0000' })),
        keyOf(eventBody({ type: 'employee.created' })),
        keyOf(eventBody({}, { changedFields: ['jobTitle'] })),
        keyOf(eventBody({}, { employeeId: '4102' })),
      ];

      expect(new Set([base, ...keys]).size).toBe(5);
    });

    it('uses the arrival time for occurredAt and the key when the timestamp is missing', () => {
      const raw = JSON.stringify(eventBody({ timestamp: undefined }));

      const first = adapter.parse(delivery(raw));
      const resent = { ...delivery(raw), receivedAt: new Date('2026-12-04T10:00:00Z') };
      const later = adapter.parse(resent);

      expect(first[0]?.occurredAt).toBe(NOW.toISOString());
      expect(later[0]?.eventId).not.toBe(first[0]?.eventId);
    });

    it('takes the arrival time for a timestamp in the future or before 2000', () => {
      const future = JSON.stringify(eventBody({ timestamp: '2027-01-01T00:00:00+0000' }));
      const ancient = JSON.stringify(eventBody({ timestamp: 0 }));

      const events = [...adapter.parse(delivery(future)), ...adapter.parse(delivery(ancient))];

      expect(events.map((e) => e.occurredAt)).toEqual([NOW.toISOString(), NOW.toISOString()]);
    });

    it('reads unix-seconds timestamps as instants', () => {
      const raw = JSON.stringify(eventBody({ timestamp: 1796374800 }));

      expect(adapter.parse(delivery(raw))[0]?.occurredAt).toBe('2026-12-04T09:00:00.000Z');
    });
  });

  it('refuses to start without a secret', () => {
    expect(() => createBambooHrEventsAdapter({ secrets: [] })).toThrow(IntakeConfigError);
  });
});

import {
  createPersonioAdapter,
  PERSONIO_ACK_TIMEOUT_MS,
} from '../../server/adapters/personio-adapter';
import { IntakeConfigError, type IncomingDelivery } from '../../server/adapters';
import { deliveryOf, refusal } from '../support/intake-deliveries';

// One obviously fake Personio person id, varied per test.
const PERSON_ID = '81000001';
const EMPLOYMENT_ID = '2306b77a-35fb-4b1d-8044-3b14f7f2ca65';
const TOKEN = 'whsec-personio-one';
const NOW = new Date('2026-12-04T09:00:30Z');

function eventBody(changes: Record<string, unknown> = {}, payload?: Record<string, unknown>) {
  return {
    company_id: '640001',
    event_name: 'person.updated',
    occurred_at: '2026-12-04T09:00:00.123Z',
    payload: payload ?? { id: PERSON_ID },
    ...changes,
  };
}

function delivery(
  raw: string,
  {
    // null leaves the header out.
    authorization = TOKEN as string | null,
    contentType = 'application/json' as string | undefined,
  } = {},
): IncomingDelivery {
  const headers: Record<string, string> = authorization === null ? {} : { authorization };

  return deliveryOf(raw, { contentType, headers, receivedAt: NOW });
}

describe('Personio adapter', () => {
  const adapter = createPersonioAdapter({ secrets: [TOKEN] });
  const parse = (body: unknown) => adapter.parse(delivery(JSON.stringify(body)));

  it('is mounted on /webhooks/personio and asks for an answer within 3 s', () => {
    expect(adapter.source).toBe('personio');
    expect(adapter.route).toBeUndefined();
    expect(adapter.ackTimeoutMs).toBe(3000);
    expect(PERSONIO_ACK_TIMEOUT_MS).toBe(3000);
  });

  it('maps person.created to one refresh of the person', () => {
    const events = parse(eventBody({ event_name: 'person.created' }));

    expect(events).toEqual([
      {
        eventId: expect.stringMatching(/^personio:[0-9a-f]{32}$/),
        source: 'personio',
        hrId: PERSON_ID,
        kind: 'refresh',
        occurredAt: '2026-12-04T09:00:00.123Z',
      },
    ]);
  });

  it('maps person.updated to a refresh', () => {
    expect(parse(eventBody()).map((e) => [e.kind, e.hrId])).toEqual([['refresh', PERSON_ID]]);
  });

  it.each([
    'employment.created',
    'employment.updated',
    'employment.started',
    'employment.terminated',
  ])('maps %s to a refresh of the employment’s person', (eventName) => {
    const payload = { id: EMPLOYMENT_ID, person: { id: '81000002' } };

    const events = parse(eventBody({ event_name: eventName }, payload));

    expect(events.map((e) => [e.kind, e.hrId])).toEqual([['refresh', '81000002']]);
  });

  it('maps person.deleted to rescind_hire', () => {
    const events = parse(eventBody({ event_name: 'person.deleted' }, { id: '81000003' }));

    expect(events.map((e) => [e.kind, e.hrId])).toEqual([['rescind_hire', '81000003']]);
  });

  it('maps employment.deleted to rescind_hire for the employment’s person', () => {
    const payload = { id: EMPLOYMENT_ID, person_id: 81000004 };

    const events = parse(eventBody({ event_name: 'employment.deleted' }, payload));

    expect(events.map((e) => [e.kind, e.hrId])).toEqual([['rescind_hire', '81000004']]);
  });

  it('reads a future person or employment event as a refresh, since reading is always safe', () => {
    const events = parse(
      eventBody({ event_name: 'employment.rehired' }, { person_id: '81000005' }),
    );

    expect(events.map((e) => e.kind)).toEqual(['refresh']);
  });

  it.each([
    'absence_period.created',
    'attendance_period.updated',
    'document.signed',
    'time_off.deleted',
  ])('acknowledges %s with no events', (eventName) => {
    expect(parse(eventBody({ event_name: eventName }, { id: 'abc-123' }))).toEqual([]);
  });

  describe('token', () => {
    it('accepts the token as Personio sends it, verbatim in Authorization', () => {
      expect(adapter.parse(delivery(JSON.stringify(eventBody())))).toHaveLength(1);
    });

    it('accepts the token with a Bearer prefix, whichever way the operator wrote it', () => {
      const withPrefix = delivery(JSON.stringify(eventBody()), {
        authorization: `Bearer ${TOKEN}`,
      });
      const configuredWithPrefix = createPersonioAdapter({ secrets: [`Bearer ${TOKEN}`] });

      expect(adapter.parse(withPrefix)).toHaveLength(1);
      expect(configuredWithPrefix.parse(withPrefix)).toHaveLength(1);
    });

    it('accepts a delivery carrying the second of two rotated tokens', () => {
      const rotating = createPersonioAdapter({ secrets: ['old-token', TOKEN] });

      expect(rotating.parse(delivery(JSON.stringify(eventBody())))).toHaveLength(1);
    });

    it('refuses a wrong token with 401 without echoing either token', () => {
      const error = refusal(() =>
        adapter.parse(delivery(JSON.stringify(eventBody()), { authorization: 'guessed-token' })),
      );

      expect(error.status).toBe(401);
      expect(error.code).toBe('intake.bad_token');
      expect(error.message).toContain('Authorization');
      expect(error.message).not.toContain(TOKEN);
      expect(error.message).not.toContain('guessed-token');
    });

    it('refuses a token that differs by one character or only in case', () => {
      const values = [`${TOKEN}x`, TOKEN.slice(0, -1), TOKEN.toUpperCase(), `Basic ${TOKEN}`];

      const statuses = values.map(
        (authorization) =>
          refusal(() => adapter.parse(delivery(JSON.stringify(eventBody()), { authorization })))
            .status,
      );

      expect(statuses).toEqual([401, 401, 401, 401]);
    });

    it('refuses a missing or blank Authorization with 401 naming it', () => {
      const missing = refusal(() =>
        adapter.parse(delivery(JSON.stringify(eventBody()), { authorization: null })),
      );
      const blank = refusal(() =>
        adapter.parse(delivery(JSON.stringify(eventBody()), { authorization: '  ' })),
      );

      expect([missing.status, blank.status]).toEqual([401, 401]);
      expect(missing.message).toBe('Missing Authorization header');
    });

    it('checks the token before parsing, so unauthenticated garbage gets 401', () => {
      const garbage = delivery('{not json', { authorization: 'nope' });

      expect(refusal(() => adapter.parse(garbage)).status).toBe(401);
    });
  });

  describe('body', () => {
    it('refuses a body that is not JSON with 400', () => {
      const error = refusal(() => adapter.parse(delivery('{not json')));

      expect(error.status).toBe(400);
      expect(error.code).toBe('intake.invalid_body');
    });

    it('refuses another media type with 415', () => {
      const raw = JSON.stringify(eventBody());

      expect(
        refusal(() => adapter.parse(delivery(raw, { contentType: 'text/plain' }))).status,
      ).toBe(415);
    });

    it.each(['company_id', 'event_name', 'occurred_at', 'payload'])(
      'refuses a body without %s with 400 naming it',
      (field) => {
        const error = refusal(() => parse(eventBody({ [field]: undefined })));

        expect(error.status).toBe(400);
        expect(error.message).toBe(`${field}: is required`);
      },
    );

    it('refuses an event name that is not family.action with 400 naming event_name', () => {
      const error = refusal(() => parse(eventBody({ event_name: 'PersonUpdated' })));

      expect(error.status).toBe(400);
      expect(error.message).toMatch(/^event_name: expected an event name/);
    });

    it('refuses a person event without payload.id, or with a null one, naming it', () => {
      const errors = [{}, { id: null }].map((payload) =>
        refusal(() => parse(eventBody({}, payload))),
      );

      expect(errors.map((error) => error.message)).toEqual([
        'payload.id: is required',
        'payload.id: is required',
      ]);
    });

    it('reads a null id as absent and takes the person id given beside it', () => {
      const payload = { id: EMPLOYMENT_ID, person: null, person_id: '81000006' };

      const events = parse(eventBody({ event_name: 'employment.updated' }, payload));

      expect(events.map((e) => e.hrId)).toEqual(['81000006']);
    });

    it('refuses an employment event with only the employment id, naming payload.person.id', () => {
      const error = refusal(() =>
        parse(eventBody({ event_name: 'employment.updated' }, { id: EMPLOYMENT_ID })),
      );

      expect(error.status).toBe(400);
      expect(error.message).toBe('payload.person.id: is required');
    });

    it('refuses a person id outside the HR id alphabet without echoing it', () => {
      const error = refusal(() => parse(eventBody({}, { id: '../secret id' })));

      expect(error.status).toBe(400);
      expect(error.message).toMatch(/^payload\.id: expected 1-64 characters/);
      expect(error.message).not.toContain('secret id');
    });

    it('refuses a payload that is not an object, or an id that is neither text nor a number', () => {
      const statuses = [
        refusal(() => parse({ ...eventBody(), payload: [PERSON_ID] })),
        refusal(() => parse(eventBody({}, { id: { nested: PERSON_ID } }))),
        refusal(() => parse(eventBody({}, { id: 1.5 }))),
      ].map((error) => error.status);

      expect(statuses).toEqual([400, 400, 400]);
    });

    it('ignores keys Personio may add, since a refusal costs days of retries', () => {
      const body = { ...eventBody({}, { id: PERSON_ID, extra: [1] }), meta: { a: 1 }, more: true };

      expect(parse(body)).toHaveLength(1);
    });
  });

  describe('idempotency key and time', () => {
    it('keeps the key across identical redeliveries, whenever they arrive', () => {
      const raw = JSON.stringify(eventBody());

      const first = adapter.parse(delivery(raw));
      const retried = adapter.parse({
        ...delivery(raw),
        receivedAt: new Date('2026-12-06T10:00Z'),
      });

      expect(retried[0]?.eventId).toBe(first[0]?.eventId);
    });

    it('gives the same key to the same content with other key order and spacing', () => {
      const { payload, event_name, ...rest } = eventBody();
      const reordered = JSON.stringify({ payload, ...rest, event_name }, null, 2);

      expect(adapter.parse(delivery(reordered))[0]?.eventId).toBe(parse(eventBody())[0]?.eventId);
    });

    it('gives a new key to a later change, another event, person or company', () => {
      const keyOf = (body: unknown) => parse(body)[0]?.eventId;

      const keys = [
        keyOf(eventBody()),
        keyOf(eventBody({ occurred_at: '2026-12-04T09:05:00Z' })),
        keyOf(eventBody({ event_name: 'person.created' })),
        keyOf(eventBody({}, { id: '81000009' })),
        keyOf(eventBody({ company_id: '640002' })),
      ];

      expect(new Set(keys).size).toBe(5);
    });

    it('uses an event id in meta when Personio sends one', () => {
      const body = eventBody({ meta: { event_id: 'evt_0192-abc' } });

      expect(parse(body)[0]?.eventId).toBe('personio:event:evt_0192-abc');
    });

    it('hashes the content when meta carries no usable event id', () => {
      const keys = [{ event_id: 'has spaces' }, { event_id: 42 }, null].map(
        (meta) => parse(eventBody({ meta }))[0]?.eventId,
      );

      expect(keys.every((key) => /^personio:[0-9a-f]{32}$/.test(key ?? ''))).toBe(true);
    });

    it('reads occurred_at with an offset, or without one as UTC', () => {
      const offset = parse(eventBody({ occurred_at: '2026-12-04T10:00:00+01:00' }));
      const bare = parse(eventBody({ occurred_at: '2026-12-04T09:00:00' }));

      expect(offset[0]?.occurredAt).toBe('2026-12-04T09:00:00.000Z');
      expect(bare[0]?.occurredAt).toBe('2026-12-04T09:00:00.000Z');
    });

    it('takes the arrival time for an occurred_at in the future, before 2000 or unreadable', () => {
      const times = ['2027-01-01T00:00:00Z', '1999-12-31T23:59:59Z', 'yesterday', ''];

      const events = times.flatMap((occurred_at) => parse(eventBody({ occurred_at })));

      expect(events.map((e) => e.occurredAt)).toEqual(times.map(() => NOW.toISOString()));
    });
  });

  it('refuses to start without a secret, or with an empty one', () => {
    expect(() => createPersonioAdapter({ secrets: [] })).toThrow(IntakeConfigError);
    expect(() => createPersonioAdapter({ secrets: [''] })).toThrow(IntakeConfigError);
  });
});

/**
 * The Personio reader against the Personio emulator, without Temporal: the cached OAuth token,
 * how a person and their employment map to canonical events, and how failures are classified.
 */

import { createPersonioReader } from '../../activities/hr/personio-reader';
import { startPersonioEmulator, type PersonioEmulator } from '../../emulators/personio';
import { CLIENT_ID, CLIENT_SECRET, person, reading } from '../support/personio-fixtures';

describe('the Personio reader against the emulator', () => {
  let emulator: PersonioEmulator;
  const readAt = '2026-12-04T09:00:00.000Z';

  beforeAll(async () => {
    emulator = await startPersonioEmulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  });

  afterEach(() => emulator.reset());

  afterAll(async () => {
    await emulator?.close();
  });

  const reader = (clientSecret = CLIENT_SECRET, apiUrl = emulator.url) =>
    createPersonioReader({ apiUrl, clientId: CLIENT_ID, clientSecret });

  it('reads an active person as a hire on the start date with their attributes', async () => {
    emulator.upsertPersons([person('101')]);

    const events = await reader().read('101', readAt);

    expect(events.map((e) => e.kind)).toEqual(['hire', 'rescind_termination']);
    expect(events[0]).toMatchObject({
      source: 'personio',
      hrId: '101',
      occurredAt: readAt,
      effectiveDate: person('101').employments?.[0]?.start_date,
      attributes: {
        firstName: 'Pia',
        lastName: 'Fixture',
        preferredName: 'Pi',
        email: 'pia.fixture.101@example.test',
        department: 'Engineering',
        title: 'Software Engineer',
        location: 'New York',
        managerId: '7000',
      },
    });
  });

  it('gives the same ids to an unchanged record and a new hire id after a change', async () => {
    emulator.upsertPersons([person('102')]);

    const first = await reader().read('102', readAt);
    const again = await reader().read('102', '2026-12-04T10:00:00.000Z');
    emulator.upsertEmployments('102', [{ id: 'emp-102', position: { title: 'Staff Engineer' } }]);
    const changed = await reader().read('102', '2026-12-04T11:00:00.000Z');

    expect(again.map((e) => e.eventId)).toEqual(first.map((e) => e.eventId));
    expect(changed[0]?.eventId).not.toBe(first[0]?.eventId);
    expect(changed[0]?.attributes).toMatchObject({ title: 'Staff Engineer', location: 'New York' });
    expect(changed[1]?.eventId).toBe(first[1]?.eventId);
  });

  it('gives an employment deleted and created again new keys, so it is no redelivery', async () => {
    emulator.upsertPersons([person('111')]);
    const { id: _old, ...same } = person('111').employments![0]!;

    const before = await reader().read('111', readAt);
    emulator.removeEmployment('111', 'emp-111');
    emulator.upsertEmployments('111', [{ ...same, id: 'emp-111-again' }]);
    const after = await reader().read('111', readAt);

    expect(before[0]?.eventId).toMatch(/^personio:record:[0-9a-f]{32}:emp-111$/);
    expect(after.map((e) => e.eventId)).toEqual(
      before.map((e) => e.eventId.replace(/emp-111$/, 'emp-111-again')),
    );
  });

  it('ends access on the last working day, not the later legal termination date', async () => {
    const termination = { last_working_date: '2099-01-29', termination_date: '2099-01-31' };
    emulator.upsertPersons([person('103', { termination })]);

    const events = await reader().read('103', readAt);

    expect(events[1]).toMatchObject({ kind: 'terminate', effectiveDate: '2099-01-29' });
  });

  it('falls back to the termination date when no last working day is set', async () => {
    emulator.upsertPersons([person('104', { termination: { termination_date: '2099-02-28' } })]);

    const events = await reader().read('104', readAt);

    expect(events[1]).toMatchObject({ kind: 'terminate', effectiveDate: '2099-02-28' });
  });

  it('terminates at once an INACTIVE employment without a termination date', async () => {
    emulator.upsertPersons([person('105', { status: 'INACTIVE' })]);

    const events = await reader().read('105', readAt);

    expect(events[1]).toMatchObject({ kind: 'terminate', immediate: true });
  });

  it('keeps ONBOARDING and LEAVE employments in force', async () => {
    emulator.upsertPersons([person('106', { status: 'ONBOARDING' }), person('107')]);
    emulator.upsertEmployments('107', [{ id: 'emp-107', status: 'LEAVE' }]);

    const kinds = await Promise.all(['106', '107'].map((id) => reader().read(id, readAt)));

    expect(kinds.map((events) => events[1]?.kind)).toEqual([
      'rescind_termination',
      'rescind_termination',
    ]);
  });

  it('reads a person without an employment as an attribute update only', async () => {
    emulator.upsertPersons([{ ...person('108'), employments: [] }]);

    const events = await reader().read('108', readAt);

    expect(events.map((e) => e.kind)).toEqual(['update']);
    expect(events[0]?.attributes).toEqual({
      firstName: 'Pia',
      lastName: 'Fixture',
      preferredName: 'Pi',
      email: 'pia.fixture.108@example.test',
    });
  });

  it('reads the most recent employment of a rehired person', async () => {
    emulator.upsertPersons([person('109', { start_date: '2019-03-01', status: 'INACTIVE' })]);
    emulator.upsertEmployments('109', [
      { id: 'emp-109b', status: 'ACTIVE', start_date: '2026-11-02' },
    ]);

    const events = await reader().read('109', readAt);

    expect(events.map((e) => [e.kind, e.effectiveDate])).toEqual([
      ['hire', '2026-11-02'],
      ['rescind_termination', undefined],
    ]);
  });

  it('leaves out names the credentials may not read, and a supervisor that is no id', async () => {
    const hidden = { office: { id: '21' }, org_units: [{ id: '12', type: 'department' }] };
    emulator.upsertPersons([person('110', { ...hidden, supervisor: { id: 'n/a' } })]);

    const [hire] = await reader().read('110', readAt);

    expect(hire?.attributes).not.toHaveProperty('location');
    expect(hire?.attributes).not.toHaveProperty('department');
    expect(hire?.attributes).not.toHaveProperty('managerId');
  });

  describe('the access token', () => {
    it('is fetched once and reused for every read while it is valid', async () => {
      emulator.upsertPersons([person('201'), person('202')]);
      const shared = reader();

      await Promise.all([shared.read('201', readAt), shared.read('202', readAt)]);
      await shared.read('201', readAt);

      expect(emulator.state().tokensIssued).toBe(1);
    });

    it('is renewed before it expires', async () => {
      const shortLived = await startPersonioEmulator({
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        tokenTtlSeconds: 2,
        persons: [person('203')],
      });
      const renewing = reader(CLIENT_SECRET, shortLived.url);

      await renewing.read('203', readAt);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      await renewing.read('203', readAt);

      expect(shortLived.state().tokensIssued).toBe(2);
      expect(shortLived.state().requests.byStatus['401']).toBeUndefined();
      await shortLived.close();
    });

    it('is fetched again, once, when Personio refuses the cached one', async () => {
      emulator.upsertPersons([person('204')]);
      const shared = reader();
      await shared.read('204', readAt);

      emulator.revokeTokens();
      const events = await shared.read('204', readAt);

      expect(events.map((e) => e.kind)).toEqual(['hire', 'rescind_termination']);
      expect(emulator.state().tokensIssued).toBe(2);
      expect(emulator.state().requests.byStatus['401']).toBe(1);
    });

    it('classifies refused client credentials as hr.denied, final, without the secret', async () => {
      emulator.upsertPersons([person('205')]);

      const error = await reading(() => reader('not-the-secret').read('205', readAt));

      expect(error).toMatchObject({ code: 'hr.denied', retryable: false });
      expect(error.message).toContain('401');
      expect(error.message).not.toContain('not-the-secret');
      expect(emulator.state().reads).toEqual([]);
    });

    it('retries a throttled or failing token endpoint', async () => {
      emulator.setFaults({ throttleBurst: 1, retryAfterSeconds: 5 });
      const throttled = await reading(() => reader().read('206', readAt));
      emulator.setFaults({ serverErrorBurst: 1 });
      const failing = await reading(() => reader().read('206', readAt));

      expect(throttled).toMatchObject({ code: 'hr.rate_limited', retryAfterMs: 5000 });
      expect(failing).toMatchObject({ code: 'hr.unavailable', retryable: true });
    });
  });

  describe('errors', () => {
    it('classifies an unknown person as hr.not_found, final', async () => {
      const error = await reading(() => reader().read('999', readAt));

      expect(error).toMatchObject({ code: 'hr.not_found', retryable: false });
    });

    it("retries Personio's 429 after its Retry-After", async () => {
      emulator.upsertPersons([person('301')]);
      const shared = reader();
      await shared.read('301', readAt);
      emulator.setFaults({ throttleBurst: 1, retryAfterSeconds: 7 });

      const error = await reading(() => shared.read('301', readAt));

      expect(error).toMatchObject({ code: 'hr.rate_limited', retryable: true, retryAfterMs: 7000 });
    });

    it('retries a 5xx and an unreachable Personio as hr.unavailable', async () => {
      emulator.upsertPersons([person('302')]);
      const shared = reader();
      await shared.read('302', readAt);
      emulator.setFaults({ serverErrorBurst: 1 });

      const serverError = await reading(() => shared.read('302', readAt));
      const network = await reading(() =>
        reader(CLIENT_SECRET, 'http://127.0.0.1:1').read('302', readAt),
      );

      expect(serverError).toMatchObject({ code: 'hr.unavailable', retryable: true });
      expect(network).toMatchObject({ code: 'hr.unavailable', retryable: true });
    });

    it('refuses a malformed value, naming the field and not the value', async () => {
      emulator.upsertPersons([{ ...person('303'), email: 'not-an-address' }]);

      const error = await reading(() => reader().read('303', readAt));

      expect(error).toMatchObject({ code: 'hr.invalid_record', retryable: false });
      expect(error.message).toContain('person.email');
      expect(error.message).not.toContain('not-an-address');
    });

    it('refuses a start date that is not a date, and an unknown status', async () => {
      emulator.upsertPersons([
        person('304', { start_date: '07/12/2026' }),
        person('305', { status: 'ARCHIVED' }),
      ]);

      const date = await reading(() => reader().read('304', readAt));
      const status = await reading(() => reader().read('305', readAt));

      expect(date.message).toContain('employment.start_date');
      expect(status.message).toContain('employment.status');
      expect([date.code, status.code]).toEqual(['hr.invalid_record', 'hr.invalid_record']);
    });
  });

  describe('the emulator speaks Personio', () => {
    async function bearer(): Promise<string> {
      const response = await fetch(`${emulator.url}/v2/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
        }).toString(),
      });
      const body = (await response.json()) as { access_token: string; expires_in: number };
      expect(body.access_token).toMatch(/^papi-/);
      expect(body.expires_in).toBe(86_400);

      return `Bearer ${body.access_token}`;
    }

    it('takes the token request only as a form, and a known grant', async () => {
      const post = (contentType: string, body: string) =>
        fetch(`${emulator.url}/v2/auth/token`, {
          method: 'POST',
          headers: { 'content-type': contentType },
          body,
        });

      const json = await post('application/json', JSON.stringify({ client_id: CLIENT_ID }));
      const grant = await post(
        'application/x-www-form-urlencoded',
        'grant_type=password&client_id=a&client_secret=b',
      );

      expect(json.status).toBe(400);
      expect(await json.json()).toMatchObject({ error: 'invalid_request' });
      expect(await grant.json()).toMatchObject({ error: 'unsupported_grant_type' });
    });

    it('answers errors as problem+json and pages employments with a cursor', async () => {
      emulator.upsertPersons([person('401')]);
      emulator.upsertEmployments('401', [{ id: 'emp-401b', start_date: '2001-01-01' }]);
      const authorization = await bearer();

      const missing = await fetch(`${emulator.url}/v2/persons/400`, { headers: { authorization } });
      const anonymous = await fetch(`${emulator.url}/v2/persons/401`);
      const first = await fetch(`${emulator.url}/v2/persons/401/employments?limit=1`, {
        headers: { authorization },
      });
      const page = (await first.json()) as {
        _data: { id: string }[];
        _meta: { links: { next?: { href: string } } };
      };
      const next = await fetch(page._meta.links.next?.href ?? '', { headers: { authorization } });
      const badLimit = await fetch(`${emulator.url}/v2/persons/401/employments?limit=51`, {
        headers: { authorization },
      });

      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toContain('application/problem+json');
      expect(await missing.json()).toMatchObject({
        personio_trace_id: expect.any(String),
        errors: [
          { title: 'Not found', type: expect.stringContaining('requested_resource_not_found') },
        ],
      });
      expect(anonymous.status).toBe(401);
      expect(page._data.map((e) => e.id)).toEqual(['emp-401']);
      expect(((await next.json()) as { _data: { id: string }[] })._data.map((e) => e.id)).toEqual([
        'emp-401b',
      ]);
      expect(badLimit.status).toBe(400);
    });
  });
});

/**
 * The Gusto reader against the Gusto emulator, without Temporal: how an employee record maps to
 * canonical events, and how every kind of failure is classified for the HR activity.
 */

import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { createGustoReader, GUSTO_API_VERSION } from '../../activities/hr/gusto-reader';
import { startGustoEmulator, type GustoEmployee, type GustoEmulator } from '../../emulators/gusto';
import { API_TOKEN, MANAGER_UUID, uuidOf, employee, reading } from '../support/gusto-fixtures';

describe('the Gusto reader against the emulator', () => {
  let emulator: GustoEmulator;
  const readAt = '2026-12-04T09:00:00.000Z';

  beforeAll(async () => {
    emulator = await startGustoEmulator({ token: API_TOKEN });
  });

  afterEach(() => emulator.reset());

  afterAll(async () => {
    await emulator?.close();
  });

  const reader = (token = API_TOKEN) => createGustoReader({ apiUrl: emulator.url, token });

  it('reads an active employee as a hire on the start date with their attributes', async () => {
    const id = uuidOf(101);
    emulator.upsertEmployees([employee(id)]);

    const events = await reader().read(id, readAt);

    expect(events.map((e) => e.kind)).toEqual(['hire', 'rescind_termination']);
    expect(events[0]).toMatchObject({
      source: 'gusto',
      hrId: id,
      occurredAt: readAt,
      effectiveDate: employee(id).hired_at,
    });
    expect(events[0]?.attributes).toEqual({
      firstName: 'Gus',
      lastName: 'Fixture',
      preferredName: 'Gussie',
      email: 'gus.fixture.0101@example.test',
      department: 'Engineering',
      managerId: MANAGER_UUID,
      title: 'Software Engineer',
      location: 'New York',
      employmentType: 'Full-Time',
    });
  });

  it('asks for the employee with the bearer token and a pinned API version', async () => {
    const id = uuidOf(102);
    emulator.upsertEmployees([employee(id)]);

    await reader().read(id, readAt);

    expect(emulator.state().reads).toEqual([id]);
    expect(emulator.state().apiVersions).toEqual({ [GUSTO_API_VERSION]: 1 });
  });

  it('gives the same ids to an unchanged record and a new hire id after a change', async () => {
    const id = uuidOf(103);
    emulator.upsertEmployees([employee(id)]);

    const first = await reader().read(id, readAt);
    const again = await reader().read(id, '2026-12-04T10:00:00.000Z');
    emulator.upsertEmployees([{ uuid: id, department: 'Finance' }]);
    const changed = await reader().read(id, '2026-12-04T11:00:00.000Z');

    expect(again.map((e) => e.eventId)).toEqual(first.map((e) => e.eventId));
    expect(changed[0]?.eventId).not.toBe(first[0]?.eventId);
    expect(changed[0]?.attributes?.department).toBe('Finance');
    expect(changed[1]?.eventId).toBe(first[1]?.eventId);
  });

  it.each([false, true])(
    'reads a scheduled termination as a terminate on its last day, never at once (terminated %s)',
    async (terminated) => {
      const id = uuidOf(terminated ? 105 : 104);
      const scheduled = { effective_date: '2099-01-31', active: false, cancelable: true };
      emulator.upsertEmployees([employee(id, { terminated, terminations: [scheduled] })]);

      const events = await reader().read(id, readAt);

      expect(events[1]).toEqual(
        expect.objectContaining({ kind: 'terminate', effectiveDate: '2099-01-31' }),
      );
      expect(events[1]).not.toHaveProperty('immediate');
    },
  );

  it('terminates at once an employee marked terminated without a termination', async () => {
    const id = uuidOf(106);
    emulator.upsertEmployees([employee(id, { terminated: true, terminations: [] })]);

    const events = await reader().read(id, readAt);

    expect(events[1]).toMatchObject({ kind: 'terminate', immediate: true });
  });

  it('starts a rehire on the latest hire date and leaves the earlier termination out', async () => {
    const id = uuidOf(107);
    const earlier = { effective_date: '2024-05-31', active: true, cancelable: false };
    const jobs = [{ title: 'Analyst', hire_date: '2025-01-06', primary: true }];
    emulator.upsertEmployees([
      employee(id, { hired_at: '2023-01-09', jobs, terminations: [earlier] }),
    ]);

    const events = await reader().read(id, readAt);

    expect(events.map((e) => [e.kind, e.effectiveDate])).toEqual([
      ['hire', '2025-01-06'],
      ['rescind_termination', undefined],
    ]);
  });

  it('keeps the start date when a second job is added later', async () => {
    const id = uuidOf(117);
    const jobs = [
      { title: 'Analyst', hire_date: '2025-01-06', primary: true },
      { title: 'Weekend Support', hire_date: '2099-03-01', primary: false },
    ];
    emulator.upsertEmployees([employee(id, { hired_at: '2025-01-06', jobs })]);

    const events = await reader().read(id, readAt);

    expect(events[0]).toMatchObject({ kind: 'hire', effectiveDate: '2025-01-06' });
    expect(events[0]?.attributes?.title).toBe('Analyst');
  });

  it('reads a future rehire of a terminated employee as a hire on the rehire date', async () => {
    const id = uuidOf(118);
    const ended = { effective_date: '2024-05-31', active: true };
    const jobs = [{ title: 'Analyst', hire_date: '2099-02-01', primary: true }];
    emulator.upsertEmployees([
      employee(id, { hired_at: '2023-01-09', terminated: true, terminations: [ended], jobs }),
    ]);

    const events = await reader().read(id, readAt);

    expect(events.map((e) => [e.kind, e.effectiveDate])).toEqual([
      ['hire', '2099-02-01'],
      ['rescind_termination', undefined],
    ]);
  });

  it('does not terminate a rehired employee over a termination already in effect', async () => {
    const id = uuidOf(108);
    const earlier = { effective_date: '2099-01-01', active: true };
    emulator.upsertEmployees([employee(id, { terminated: false, terminations: [earlier] })]);

    const events = await reader().read(id, readAt);

    expect(events.map((e) => e.kind)).toEqual(['hire', 'rescind_termination']);
  });

  it('reads an employee without any hire date as an attribute update only', async () => {
    const id = uuidOf(109);
    emulator.upsertEmployees([employee(id, { hired_at: null, jobs: [] })]);

    const events = await reader().read(id, readAt);

    expect(events.map((e) => e.kind)).toEqual(['update']);
    expect(events[0]?.attributes).not.toHaveProperty('title');
  });

  it('classifies an unknown employee as hr.not_found, final', async () => {
    const error = await reading(() => reader().read(uuidOf(999), readAt));

    expect(error).toMatchObject({ code: 'hr.not_found', retryable: false });
  });

  it('classifies a wrong token as hr.denied, final, with a hint', async () => {
    emulator.upsertEmployees([employee(uuidOf(110))]);

    const error = await reading(() => reader('not-the-token').read(uuidOf(110), readAt));

    expect(error).toMatchObject({ code: 'hr.denied', retryable: false });
    expect(error.message).toContain('401');
    expect(error.message).toContain('TENURE_GUSTO_API_TOKEN');
  });

  it("retries Gusto's 429 after its Retry-After", async () => {
    emulator.upsertEmployees([employee(uuidOf(111))]);
    emulator.setFaults({ throttleBurst: 1, retryAfterSeconds: 7 });

    const error = await reading(() => reader().read(uuidOf(111), readAt));

    expect(error).toMatchObject({ code: 'hr.rate_limited', retryable: true, retryAfterMs: 7000 });
  });

  it('retries a 5xx and an unreachable Gusto as hr.unavailable', async () => {
    emulator.upsertEmployees([employee(uuidOf(112))]);
    emulator.setFaults({ serverErrorBurst: 1 });
    const unreachable = createGustoReader({ apiUrl: 'http://127.0.0.1:1', token: API_TOKEN });

    const serverError = await reading(() => reader().read(uuidOf(112), readAt));
    const network = await reading(() => unreachable.read(uuidOf(112), readAt));

    expect(serverError).toMatchObject({ code: 'hr.unavailable', retryable: true });
    expect(network).toMatchObject({ code: 'hr.unavailable', retryable: true });
  });

  it.each([
    ['work_email', { work_email: 'not-an-address' }, 'not-an-address'],
    ['jobs[0].hire_date', { jobs: [{ title: 'X', hire_date: '12/07/2026' }] }, '12/07'],
    ['terminations[0].effective_date', { terminations: [{ effective_date: 'soon' }] }, 'soon'],
    ['terminated', { terminated: 'yes' }, 'yes'],
  ])(
    'refuses a record with a bad %s, naming the field and not the value',
    async (field, bad, value) => {
      const id = uuidOf(113);
      // Deliberately malformed, as a changed or broken API might answer.
      emulator.upsertEmployees([{ ...employee(id), ...bad } as unknown as GustoEmployee]);

      const error = await reading(() => reader().read(id, readAt));

      expect(error).toMatchObject({ code: 'hr.invalid_record', retryable: false });
      expect(error.message).toContain(field);
      expect(error.message).not.toContain(value);
    },
  );

  it("refuses an answer that is another employee's record", async () => {
    const id = uuidOf(115);
    // A loopback stand-in for a misrouting proxy: it answers someone else's record.
    const proxy = http.createServer((_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(employee(uuidOf(116))));
    });
    await new Promise<void>((ready) => proxy.listen(0, '127.0.0.1', ready));
    const { port } = proxy.address() as AddressInfo;

    try {
      const misrouted = createGustoReader({ apiUrl: `http://127.0.0.1:${port}`, token: API_TOKEN });
      const error = await reading(() => misrouted.read(id, readAt));

      expect(error).toMatchObject({ code: 'hr.invalid_record', retryable: false });
      expect(error.message).toContain('uuid');
    } finally {
      await new Promise((closed) => proxy.close(closed));
    }
  });

  it('answers Gusto-shaped errors and never personal data', async () => {
    emulator.upsertEmployees([employee(uuidOf(114))]);
    const url = `${emulator.url}/v1/employees/${uuidOf(114)}`;

    const anonymous = await fetch(url);
    const badVersion = await fetch(url, {
      headers: { Authorization: `Bearer ${API_TOKEN}`, 'X-Gusto-API-Version': 'latest' },
    });

    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await anonymous.json()).toEqual({
      errors: [expect.objectContaining({ error_key: 'request', category: 'invalid_token' })],
    });
    expect(badVersion.status).toBe(406);
  });
});

/**
 * HiBob v2 webhooks end to end: the webhook carries only an employee id, the person workflow
 * reads the record through the HiBob reader from the HiBob emulator, and Okta and AWS converge to
 * what the record says. The reader's own mapping and error classification are tested against the
 * emulator first, without Temporal.
 */

import { createHiBobReader } from '../../activities/hr/hibob-reader';
import { HrReadError } from '../../activities/hr/port';
import { localDateOf } from '../../domain/instants';
import { startHiBobEmulator, type HiBobEmulator, type HiBobPerson } from '../../emulators/hibob';
import { createHiBobAdapter, signHiBob } from '../../server/adapters/hibob-adapter';
import type { PersonStatus } from '../../workflows/definitions';
import { eventually, startStack, type Stack } from '../support/stack';

const SERVICE_USER = 'SERVICE-4242';
const TOKEN = 'test-hibob-token';
const WEBHOOK_SECRET = 'test-hibob-webhook-secret';
const DAY_MS = 86_400_000;

/** The fixture's one obviously fake person, who started two days ago; each test varies the id. */
function person(id: string, changes: Partial<HiBobPerson> = {}): HiBobPerson {
  return {
    id,
    firstName: 'Bo',
    surname: 'Fixture',
    displayName: 'Bo Fixture',
    email: `bo.fixture.${id}@example.test`,
    work: {
      title: 'Software Engineer',
      department: 'Engineering',
      reportsTo: '7000',
      site: 'New York',
      startDate: localDateOf(Date.now() - 2 * DAY_MS, 'America/New_York'),
    },
    internal: { status: 'Active', terminationDate: null },
    ...changes,
  };
}

function reading(act: () => Promise<unknown>): Promise<HrReadError> {
  return act().then(
    () => {
      throw new Error('expected an HrReadError, but the read succeeded');
    },
    (error: unknown) => {
      if (error instanceof HrReadError) return error;
      throw error;
    },
  );
}

describe('the HiBob reader against the emulator', () => {
  let emulator: HiBobEmulator;
  const readAt = '2026-12-04T09:00:00.000Z';

  beforeAll(async () => {
    emulator = await startHiBobEmulator({ serviceUserId: SERVICE_USER, token: TOKEN });
  });

  afterEach(() => emulator.reset());

  afterAll(async () => {
    await emulator?.close();
  });

  const reader = (token = TOKEN) =>
    createHiBobReader({ apiUrl: emulator.url, serviceUserId: SERVICE_USER, token });

  it('reads an active person as a hire on the start date with their attributes', async () => {
    emulator.upsertPeople([person('101')]);

    const events = await reader().read('101', readAt);

    expect(events.map((e) => e.kind)).toEqual(['hire', 'rescind_termination']);
    expect(events[0]).toMatchObject({
      source: 'hibob',
      hrId: '101',
      occurredAt: readAt,
      effectiveDate: person('101').work?.startDate,
      attributes: {
        firstName: 'Bo',
        lastName: 'Fixture',
        preferredName: 'Bo Fixture',
        email: 'bo.fixture.101@example.test',
        department: 'Engineering',
        title: 'Software Engineer',
        location: 'New York',
        managerId: '7000',
      },
    });
    expect(events.every((e) => e.occurredAt === readAt)).toBe(true);
  });

  it('gives the same ids to an unchanged record and a new hire id after a change', async () => {
    emulator.upsertPeople([person('102')]);

    const first = await reader().read('102', readAt);
    const again = await reader().read('102', '2026-12-04T10:00:00.000Z');
    emulator.upsertPeople([{ id: '102', work: { department: 'Finance' } }]);
    const changed = await reader().read('102', '2026-12-04T11:00:00.000Z');

    expect(again.map((e) => e.eventId)).toEqual(first.map((e) => e.eventId));
    expect(changed[0]?.eventId).not.toBe(first[0]?.eventId);
    expect(changed[0]?.attributes?.department).toBe('Finance');
    expect(changed[0]?.attributes?.title).toBe('Software Engineer');
    expect(changed[1]?.eventId).toBe(first[1]?.eventId);
  });

  it('reads a termination date as a terminate on that last day', async () => {
    emulator.upsertPeople([person('103', { internal: { terminationDate: '2099-01-31' } })]);

    const events = await reader().read('103', readAt);

    expect(events[1]).toMatchObject({ kind: 'terminate', effectiveDate: '2099-01-31' });
  });

  it('terminates at once an Inactive person without a termination date', async () => {
    emulator.upsertPeople([person('104', { internal: { status: 'Inactive' } })]);

    const events = await reader().read('104', readAt);

    expect(events[1]).toMatchObject({ kind: 'terminate', immediate: true });
  });

  it("does not terminate a rehire over the earlier employment's termination date", async () => {
    emulator.upsertPeople([person('105', { internal: { terminationDate: '2001-06-30' } })]);

    const events = await reader().read('105', readAt);

    expect(events.map((e) => e.kind)).toEqual(['hire', 'rescind_termination']);
  });

  it('reads a record without a start date as an attribute update only', async () => {
    emulator.upsertPeople([person('106', { work: { startDate: null } })]);

    const events = await reader().read('106', readAt);

    expect(events.map((e) => e.kind)).toEqual(['update']);
  });

  it('classifies an unknown person as hr.not_found, final', async () => {
    const error = await reading(() => reader().read('999', readAt));

    expect(error).toMatchObject({ code: 'hr.not_found', retryable: false });
  });

  it('classifies a wrong token as hr.denied, final', async () => {
    emulator.upsertPeople([person('107')]);

    const error = await reading(() => reader('not-the-token').read('107', readAt));

    expect(error).toMatchObject({ code: 'hr.denied', retryable: false });
    expect(error.message).toContain('401');
  });

  it("retries HiBob's throttling after its Retry-After, for 429 and 503 alike", async () => {
    emulator.upsertPeople([person('108')]);
    emulator.setFaults({ throttleBurst: 1, retryAfterSeconds: 7 });

    const first = await reading(() => reader().read('108', readAt));
    emulator.setFaults({ throttleBurst: 1, throttleStatus: 503, retryAfterSeconds: 3 });
    const second = await reading(() => reader().read('108', readAt));

    expect(first).toMatchObject({ code: 'hr.rate_limited', retryable: true, retryAfterMs: 7000 });
    expect(second).toMatchObject({ code: 'hr.rate_limited', retryable: true, retryAfterMs: 3000 });
  });

  it('retries a 5xx and an unreachable HiBob as hr.unavailable', async () => {
    emulator.upsertPeople([person('109')]);
    emulator.setFaults({ serverErrorBurst: 1 });
    const unreachable = createHiBobReader({
      apiUrl: 'http://127.0.0.1:1',
      serviceUserId: SERVICE_USER,
      token: TOKEN,
    });

    const serverError = await reading(() => reader().read('109', readAt));
    const network = await reading(() => unreachable.read('109', readAt));

    expect(serverError).toMatchObject({ code: 'hr.unavailable', retryable: true });
    expect(network).toMatchObject({ code: 'hr.unavailable', retryable: true });
  });

  it('refuses a record with a malformed value, naming the field and not the value', async () => {
    emulator.upsertPeople([person('110', { email: 'not-an-address' })]);

    const error = await reading(() => reader().read('110', readAt));

    expect(error).toMatchObject({ code: 'hr.invalid_record', retryable: false });
    expect(error.message).toContain('root.email');
    expect(error.message).not.toContain('not-an-address');
  });

  it('refuses a start date that is not YYYY-MM-DD', async () => {
    emulator.upsertPeople([person('111', { work: { startDate: '07/12/2026' } })]);

    const error = await reading(() => reader().read('111', readAt));

    expect(error).toMatchObject({ code: 'hr.invalid_record', retryable: false });
    expect(error.message).toContain('work.startDate');
  });

  it("answers the person in sections, behind the service user's Basic auth", async () => {
    emulator.upsertPeople([{ id: '112', firstName: 'Bo', work: { title: 'Analyst' } }]);
    const auth = `Basic ${Buffer.from(`${SERVICE_USER}:${TOKEN}`).toString('base64')}`;
    const url = `${emulator.url}/v1/people/112?humanReadable=REPLACE`;

    const ok = await fetch(url, { headers: { Authorization: auth, Accept: 'application/json' } });
    const anonymous = await fetch(url);

    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ id: '112', firstName: 'Bo', work: { title: 'Analyst' } });
    expect(anonymous.status).toBe(401);
  });
});

describe('HiBob webhooks through the whole stack', () => {
  let emulator: HiBobEmulator;
  let stack: Stack;
  const adapter = createHiBobAdapter({ secrets: [WEBHOOK_SECRET] });

  beforeAll(async () => {
    emulator = await startHiBobEmulator({ serviceUserId: SERVICE_USER, token: TOKEN });
    stack = await startStack({
      extraAdapters: [adapter],
      hrReaders: [
        createHiBobReader({ apiUrl: emulator.url, serviceUserId: SERVICE_USER, token: TOKEN }),
      ],
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await emulator?.close();
  });

  function send(raw: string, signature: string | undefined = signHiBob(WEBHOOK_SECRET, raw)) {
    return fetch(`${stack.url}/webhooks/hibob`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signature === undefined ? {} : { 'bob-signature': signature }),
      },
      body: raw,
    });
  }

  /** A v2 webhook as HiBob sends it: microseconds and no offset in triggeredAt. */
  function webhook(type: string, employeeId: string): string {
    const triggeredAt = new Date().toISOString().replace('Z', '123');

    return JSON.stringify({
      companyId: 640001,
      type,
      triggeredBy: 'system',
      triggeredAt,
      version: 'v2',
      data: { employeeId },
    });
  }

  async function statusOf(id: string): Promise<PersonStatus | undefined> {
    const response = await stack.status('hibob', id);

    return response.status === 200 ? ((await response.json()) as PersonStatus) : undefined;
  }

  const converged = (s: PersonStatus | undefined) =>
    s?.convergedAt !== undefined && s.record.hire !== undefined;

  it('answers the setup ping 202 with nothing accepted, signed or not', async () => {
    const plain = await send('Ping test', undefined);
    const json = await send('{"text":"Ping test"}');

    expect([plain.status, json.status]).toEqual([202, 202]);
    expect(await plain.json()).toEqual({ accepted: 0, status: [] });
    expect(emulator.state().requests.total).toBe(0);
  });

  it('activates an employee.created hire read from HiBob, with Okta and AWS', async () => {
    emulator.upsertPeople([person('3001')]);

    const response = await send(webhook('employee.created', '3001'));

    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 1, status: ['/people/hibob/3001'] });
    const status = await eventually(
      () => statusOf('3001'),
      (s) => converged(s) && s?.stage === 'active' && s.actual.awsAssignments.length === 1,
    );
    expect(status?.stage).toBe('active');
    expect(status?.lastError).toBeUndefined();
    expect(status?.workflowId).toBe('person:hibob:3001');
    expect(status?.actual.oktaGroups).toEqual(['All Staff', 'Engineering']);
    const users = await stack.oktaUsers('3001');
    expect(users).toHaveLength(1);
    expect(['ACTIVE', 'PROVISIONED']).toContain(users[0]?.status);
    const principal = status?.actual.awsUserId;
    expect(await stack.awsPrincipals('222222222222', 'ReadOnlyAccess')).toContain(principal);
    // The full-time rule needs an employment type, which no HiBob field read here carries.
    expect(await stack.awsPrincipals('333333333333', 'PowerUserAccess')).not.toContain(principal);
  });

  it('schedules the end of access at 18:00 local on a future termination date', async () => {
    emulator.upsertPeople([person('3002')]);
    await send(webhook('employee.created', '3002'));
    await eventually(
      () => statusOf('3002'),
      (s) => s?.stage === 'active' && converged(s),
    );

    emulator.upsertPeople([{ id: '3002', internal: { terminationDate: '2099-01-29' } }]);
    const response = await send(webhook('table.entry.updated', '3002'));

    expect(response.status).toBe(202);
    const status = await eventually(
      () => statusOf('3002'),
      (s) => s?.record.termination?.lastDay === '2099-01-29',
    );
    expect(status?.stage).toBe('active');
    // New York is on EST in January: 18:00 local is 23:00 UTC.
    expect(status?.pendingTimers).toContainEqual(
      expect.objectContaining({
        kind: 'termination',
        at: '2099-01-29T23:00:00.000Z',
        localDate: '2099-01-29',
      }),
    );
  });

  it('ends access at once on employee.left for a termination date already past', async () => {
    emulator.upsertPeople([person('3003')]);
    await send(webhook('employee.created', '3003'));
    const hired = await eventually(
      () => statusOf('3003'),
      (s) => s?.stage === 'active' && s.actual.awsAssignments.length === 1,
    );
    const yesterday = localDateOf(Date.now() - DAY_MS, 'America/New_York');

    emulator.upsertPeople([
      { id: '3003', internal: { status: 'Inactive', terminationDate: yesterday } },
    ]);
    const response = await send(webhook('employee.left', '3003'));

    expect(response.status).toBe(202);
    const status = await eventually(
      () => statusOf('3003'),
      (s) => s?.stage === 'terminated' && s.actual.awsAssignments.length === 0,
    );
    expect(status?.record.termination?.lastDay).toBe(yesterday);
    expect(status?.lastError).toBeUndefined();
    expect((await stack.oktaUsers('3003')).map((u) => u.status)).toEqual(['DEPROVISIONED']);
    const principal = hired?.actual.awsUserId;
    expect(await stack.awsPrincipals('222222222222', 'ReadOnlyAccess')).not.toContain(principal);
  });

  it('acknowledges a redelivered webhook without reading again', async () => {
    emulator.upsertPeople([person('3004')]);
    const raw = webhook('employee.created', '3004');

    await send(raw);
    await eventually(
      () => statusOf('3004'),
      (s) => s?.stage === 'active' && converged(s),
    );
    const readsBefore = emulator.state().reads.filter((id) => id === '3004').length;
    await send(raw);

    const status = await eventually(
      () => statusOf('3004'),
      (s) => s?.recentEvents.length === 2,
    );
    expect(status?.recentEvents.map((e) => e.outcome)).toEqual(['applied', 'duplicate']);
    expect(emulator.state().reads.filter((id) => id === '3004')).toHaveLength(readsBefore);
  });

  it('still converges when HiBob throttles the first reads with 429', async () => {
    emulator.upsertPeople([person('3005')]);
    const throttledBefore = emulator.state().requests.byStatus['429'] ?? 0;
    emulator.setFaults({ throttleBurst: 3, throttleStatus: 429, retryAfterSeconds: 1 });

    await send(webhook('employee.created', '3005'));

    const status = await eventually(
      () => statusOf('3005'),
      (s) => s?.stage === 'active' && converged(s),
      40_000,
    );
    expect(status?.lastError).toBeUndefined();
    expect(emulator.state().requests.byStatus['429']).toBe(throttledBefore + 3);
    expect(await stack.oktaUsers('3005')).toHaveLength(1);
  });

  it('reports hr.not_found for a person HiBob does not know', async () => {
    const response = await send(webhook('employee.updated', '3999'));

    expect(response.status).toBe(202);
    const status = await eventually(
      () => statusOf('3999'),
      (s) => s?.lastError !== undefined,
    );
    expect(status?.lastError).toMatchObject({ step: 'readHrRecord', type: 'hr.not_found' });
    expect(status?.stage).toBe('pending');
    expect(await stack.oktaUsers('3999')).toHaveLength(0);
  });

  it('refuses a webhook signed with another secret with 401 and reads nothing', async () => {
    const raw = webhook('employee.created', '3006');

    const response = await send(raw, signHiBob('not-the-secret', raw));

    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
      'Bob-Signature',
    );
    expect(emulator.state().reads).not.toContain('3006');
  });
});

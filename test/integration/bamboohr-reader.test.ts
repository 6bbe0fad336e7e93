/**
 * BambooHR event-based webhooks end to end: the webhook carries only an employee id, the person
 * workflow reads the record through the BambooHR reader from the BambooHR emulator, and Okta and
 * AWS converge to what the record says. The reader's own mapping and error classification are
 * tested against the emulator first, without Temporal.
 */

import { createBambooHrReader } from '../../activities/hr/bamboohr-reader';
import { HrReadError } from '../../activities/hr/port';
import { localDateOf } from '../../domain/instants';
import {
  startBambooHrEmulator,
  type BambooHrEmployee,
  type BambooHrEmulator,
} from '../../emulators/bamboohr';
import { signBambooHr } from '../../server/adapters';
import {
  createBambooHrEventsAdapter,
  type BambooHrEventsAdapter,
} from '../../server/adapters/bamboohr-events-adapter';
import type { PersonStatus } from '../../workflows/definitions';
import { eventually, startStack, type Stack } from '../support/stack';

const COMPANY = 'tenure-test';
const API_KEY = 'test-bamboohr-api-key';
const EVENTS_SECRET = 'test-bamboohr-events-secret';
const DAY_MS = 86_400_000;
const FORM = 'application/x-www-form-urlencoded';

/** The fixture's one obviously fake employee, hired two days ago; each test varies the id. */
function employee(id: string, changes: Partial<BambooHrEmployee> = {}): BambooHrEmployee {
  return {
    id,
    firstName: 'Bo',
    lastName: 'Fixture',
    workEmail: `bo.fixture.${id}@example.test`,
    department: 'Engineering',
    jobTitle: 'Software Engineer',
    location: 'New York',
    employeeNumber: `E-${id}`,
    supervisorEId: '5000',
    employmentHistoryStatus: 'Full-Time',
    hireDate: localDateOf(Date.now() - 2 * DAY_MS, 'America/New_York'),
    terminationDate: '0000-00-00',
    status: 'Active',
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

describe('the BambooHR reader against the emulator', () => {
  let emulator: BambooHrEmulator;
  const readAt = '2026-12-04T09:00:00.000Z';

  beforeAll(async () => {
    emulator = await startBambooHrEmulator({ companyDomain: COMPANY, apiKey: API_KEY });
  });

  afterEach(() => emulator.reset());

  afterAll(async () => {
    await emulator?.close();
  });

  const reader = (apiKey = API_KEY) =>
    createBambooHrReader({ apiUrl: emulator.url, companyDomain: COMPANY, apiKey });

  it('reads an active employee as a hire on the hire date with its attributes', async () => {
    emulator.upsertEmployees([employee('101')]);

    const events = await reader().read('101', readAt);

    expect(events.map((e) => e.kind)).toEqual(['hire', 'rescind_termination']);
    expect(events[0]).toMatchObject({
      source: 'bamboohr',
      hrId: '101',
      occurredAt: readAt,
      effectiveDate: employee('101').hireDate,
      attributes: {
        firstName: 'Bo',
        lastName: 'Fixture',
        email: 'bo.fixture.101@example.test',
        department: 'Engineering',
        title: 'Software Engineer',
        location: 'New York',
        employeeNumber: 'E-101',
        managerId: '5000',
        employmentType: 'Full-Time',
      },
    });
    expect(events.every((e) => e.occurredAt === readAt)).toBe(true);
  });

  it('gives the same ids to an unchanged record and a new hire id after a change', async () => {
    emulator.upsertEmployees([employee('102')]);

    const first = await reader().read('102', readAt);
    const again = await reader().read('102', '2026-12-04T10:00:00.000Z');
    emulator.upsertEmployees([{ id: '102', department: 'Finance' }]);
    const changed = await reader().read('102', '2026-12-04T11:00:00.000Z');

    expect(again.map((e) => e.eventId)).toEqual(first.map((e) => e.eventId));
    expect(changed[0]?.eventId).not.toBe(first[0]?.eventId);
    expect(changed[0]?.attributes?.department).toBe('Finance');
    expect(changed[1]?.eventId).toBe(first[1]?.eventId);
  });

  it('reads a termination date as a terminate on that last day', async () => {
    emulator.upsertEmployees([employee('103', { terminationDate: '2099-01-31' })]);

    const events = await reader().read('103', readAt);

    expect(events[1]).toMatchObject({ kind: 'terminate', effectiveDate: '2099-01-31' });
  });

  it('terminates at once an Inactive employee without a termination date', async () => {
    emulator.upsertEmployees([employee('104', { status: 'Inactive', terminationDate: null })]);

    const events = await reader().read('104', readAt);

    expect(events[1]).toMatchObject({ kind: 'terminate', immediate: true });
  });

  it("does not terminate a rehire over the earlier employment's termination date", async () => {
    emulator.upsertEmployees([employee('105', { terminationDate: '2001-06-30' })]);

    const events = await reader().read('105', readAt);

    expect(events.map((e) => e.kind)).toEqual(['hire', 'rescind_termination']);
  });

  it('gives a leaving after a rehire a new id', async () => {
    emulator.upsertEmployees([employee('106', { hireDate: '2020-01-06', status: 'Inactive' })]);
    const first = await reader().read('106', readAt);
    emulator.upsertEmployees([{ id: '106', hireDate: '2024-03-04' }]);

    const second = await reader().read('106', readAt);

    expect(second[1]?.kind).toBe('terminate');
    expect(second[1]?.eventId).not.toBe(first[1]?.eventId);
  });

  it('reads a record without a hire date as an attribute update only', async () => {
    emulator.upsertEmployees([employee('107', { hireDate: null })]);

    const events = await reader().read('107', readAt);

    expect(events.map((e) => e.kind)).toEqual(['update']);
  });

  it('classifies an unknown employee as hr.not_found, final', async () => {
    const error = await reading(() => reader().read('999', readAt));

    expect(error).toMatchObject({ code: 'hr.not_found', retryable: false });
  });

  it('classifies a wrong API key as hr.denied, final', async () => {
    emulator.upsertEmployees([employee('108')]);
    const error = await reading(() => reader('not-the-key').read('108', readAt));

    expect(error).toMatchObject({ code: 'hr.denied', retryable: false });
    expect(error.message).toContain('401');
  });

  it("retries BambooHR's throttling after its Retry-After, for 503 and 429 alike", async () => {
    emulator.upsertEmployees([employee('109')]);
    emulator.setFaults({ throttleBurst: 2, retryAfterSeconds: 7 });

    const first = await reading(() => reader().read('109', readAt));
    emulator.setFaults({ throttleBurst: 1, throttleStatus: 429, retryAfterSeconds: 3 });
    const second = await reading(() => reader().read('109', readAt));

    expect(first).toMatchObject({ code: 'hr.rate_limited', retryable: true, retryAfterMs: 7000 });
    expect(second).toMatchObject({ code: 'hr.rate_limited', retryable: true, retryAfterMs: 3000 });
  });

  it('retries a 5xx and an unreachable BambooHR as hr.unavailable', async () => {
    emulator.upsertEmployees([employee('110')]);
    emulator.setFaults({ serverErrorBurst: 1 });
    const unreachable = createBambooHrReader({
      apiUrl: 'http://127.0.0.1:1',
      companyDomain: COMPANY,
      apiKey: API_KEY,
    });

    const serverError = await reading(() => reader().read('110', readAt));
    const network = await reading(() => unreachable.read('110', readAt));

    expect(serverError).toMatchObject({ code: 'hr.unavailable', retryable: true });
    expect(network).toMatchObject({ code: 'hr.unavailable', retryable: true });
  });

  it('refuses a record with a malformed value, naming the field and not the value', async () => {
    emulator.upsertEmployees([employee('111', { workEmail: 'not-an-address' })]);

    const error = await reading(() => reader().read('111', readAt));

    expect(error).toMatchObject({ code: 'hr.invalid_record', retryable: false });
    expect(error.message).toContain('workEmail');
    expect(error.message).not.toContain('not-an-address');
  });

  it('refuses a name holding an invisible formatting character', async () => {
    emulator.upsertEmployees([employee('113', { lastName: 'Fix\u202Eture' })]);

    const error = await reading(() => reader().read('113', readAt));

    expect(error).toMatchObject({ code: 'hr.invalid_record', retryable: false });
    expect(error.message).toContain('lastName');
  });

  it('answers the id and the requested fields only, null where the employee has none', async () => {
    emulator.upsertEmployees([{ id: '112', firstName: 'Bo' }]);
    const auth = `Basic ${Buffer.from(`${API_KEY}:x`).toString('base64')}`;
    const path = `/api/gateway.php/${COMPANY}/v1/employees/112`;
    const url = `${emulator.url}${path}?fields=firstName,jobTitle`;

    const json = await fetch(url, { headers: { Authorization: auth, Accept: 'application/json' } });
    const xml = await fetch(url, { headers: { Authorization: auth } });

    expect(json.status).toBe(200);
    expect(await json.json()).toEqual({ id: '112', firstName: 'Bo', jobTitle: null });
    expect(xml.status).toBe(406);
  });
});

describe('BambooHR event-based webhooks through the whole stack', () => {
  let emulator: BambooHrEmulator;
  let stack: Stack;
  const adapter: BambooHrEventsAdapter = createBambooHrEventsAdapter({ secrets: [EVENTS_SECRET] });

  beforeAll(async () => {
    emulator = await startBambooHrEmulator({ companyDomain: COMPANY, apiKey: API_KEY });
    stack = await startStack({
      extraAdapters: [adapter],
      hrReaders: [
        createBambooHrReader({ apiUrl: emulator.url, companyDomain: COMPANY, apiKey: API_KEY }),
      ],
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await emulator?.close();
  });

  function send(body: Record<string, unknown> | string, contentType = 'application/json') {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    const timestamp = String(Math.floor(Date.now() / 1000));

    return fetch(`${stack.url}/webhooks/${adapter.route}`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-bamboohr-timestamp': timestamp,
        'x-bamboohr-signature': signBambooHr(EVENTS_SECRET, timestamp, Buffer.from(raw)),
      },
      body: raw,
    });
  }

  let lastSecond = 0;

  /**
   * A webhook as BambooHR sends it, each in a second of its own as real edits are: BambooHR's
   * timestamps have whole seconds, and two edits of the same fields in one second share a key.
   */
  function webhook(type: string, id: string, changedFields?: string[]) {
    lastSecond = Math.max(Math.floor(Date.now() / 1000), lastSecond + 1);

    return {
      type,
      timestamp: new Date(lastSecond * 1000).toISOString().replace(/\.\d{3}Z$/, '+0000'),
      data: { companyId: 1, employeeId: id, ...(changedFields ? { changedFields } : {}) },
    };
  }

  async function statusOf(id: string): Promise<PersonStatus | undefined> {
    const response = await stack.status('bamboohr', id);

    return response.status === 200 ? ((await response.json()) as PersonStatus) : undefined;
  }

  /** Converged after a read: the record holds what the reader returned. */
  const converged = (s: PersonStatus | undefined) =>
    s?.convergedAt !== undefined && s.record.hire !== undefined;

  it('activates an employee.created hire read from BambooHR, with Okta and AWS', async () => {
    emulator.upsertEmployees([employee('2001')]);

    const response = await send(webhook('employee.created', '2001'));

    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 1, status: ['/people/bamboohr/2001'] });
    const status = await eventually(
      () => statusOf('2001'),
      (s) => converged(s) && s?.stage === 'active' && s.actual.awsAssignments.length === 2,
    );
    expect(status?.stage).toBe('active');
    expect(status?.lastError).toBeUndefined();
    expect(status?.workflowId).toBe('person:bamboohr:2001');
    expect(status?.actual.oktaGroups).toEqual(['All Staff', 'Engineering']);
    const users = await stack.oktaUsers('E-2001');
    expect(users).toHaveLength(1);
    expect(['ACTIVE', 'PROVISIONED']).toContain(users[0]?.status);
    const principal = status?.actual.awsUserId;
    expect(await stack.awsPrincipals('222222222222', 'ReadOnlyAccess')).toContain(principal);
    expect(await stack.awsPrincipals('333333333333', 'PowerUserAccess')).toContain(principal);
  });

  it('folds a created-then-updated pair into one change of the record', async () => {
    emulator.upsertEmployees([employee('2002', { department: 'Finance' })]);

    // BambooHR fires both on creation; a split edit looks the same.
    const created = await send(webhook('employee.created', '2002'));
    const updated = await send(webhook('employee.updated', '2002', ['department', 'jobTitle']));

    expect([created.status, updated.status]).toEqual([202, 202]);
    const status = await eventually(
      () => statusOf('2002'),
      (s) =>
        s?.stage === 'active' &&
        s.recentEvents.length === 2 &&
        s.actual.oktaGroups.includes('Finance'),
    );
    expect(status?.recentEvents.map((e) => [e.kind, e.outcome])).toEqual([
      ['refresh', 'applied'],
      ['refresh', 'applied'],
    ]);
    const reads = emulator.state().reads.filter((id) => id === '2002');
    expect(reads.length).toBeGreaterThanOrEqual(1);
    expect(reads.length).toBeLessThanOrEqual(2);
    // However many reads, the record holds one version of each attribute and one hire.
    expect(status?.record.versions.department).toHaveLength(1);
    expect(status?.record.seenEventIds.filter((id) => id.includes(':record:'))).toHaveLength(2);
    expect(await stack.oktaUsers('E-2002')).toHaveLength(1);
  });

  it('reads again on an update that changed no field it reads, and folds nothing', async () => {
    emulator.upsertEmployees([employee('2008')]);
    await send(webhook('employee.created', '2008'));
    const before = await eventually(
      () => statusOf('2008'),
      (s) => converged(s),
    );
    const readsBefore = emulator.state().reads.filter((id) => id === '2008').length;

    await send(webhook('employee.updated', '2008', ['homePhone']));

    const after = await eventually(
      () => statusOf('2008'),
      (s) => s?.recentEvents.length === 2 && s.convergedAt !== before?.convergedAt,
    );
    expect(emulator.state().reads.filter((id) => id === '2008')).toHaveLength(readsBefore + 1);
    // The record is as it was, but for the refresh's own key: the snapshot's ids were all seen.
    const { seenEventIds: seenBefore = [], ...recordBefore } = before?.record ?? {};
    const { seenEventIds: seenAfter = [], ...recordAfter } = after?.record ?? {};
    expect(recordAfter).toEqual(recordBefore);
    expect(seenAfter).toEqual([...seenBefore, after?.recentEvents[1]?.eventId]);
  });

  it('acknowledges a redelivered webhook without reading again', async () => {
    emulator.upsertEmployees([employee('2003')]);
    const body = webhook('employee.created', '2003');

    await send(body);
    await eventually(
      () => statusOf('2003'),
      (s) => s?.stage === 'active' && converged(s),
    );
    const readsBefore = emulator.state().reads.filter((id) => id === '2003').length;
    await send(body);

    const status = await eventually(
      () => statusOf('2003'),
      (s) => s?.recentEvents.length === 2,
    );
    expect(status?.recentEvents.map((e) => e.outcome)).toEqual(['applied', 'duplicate']);
    expect(emulator.state().reads.filter((id) => id === '2003')).toHaveLength(readsBefore);
  });

  it('moves access when an employee.updated follows a department change in BambooHR', async () => {
    emulator.upsertEmployees([employee('2004')]);
    await send(webhook('employee.created', '2004'));
    const before = await eventually(
      () => statusOf('2004'),
      (s) => s?.stage === 'active' && s.actual.awsAssignments.length === 2,
    );
    const principal = before?.actual.awsUserId;

    emulator.upsertEmployees([{ id: '2004', department: 'Finance' }]);
    const response = await send(webhook('employee.updated', '2004', ['department']));

    expect(response.status).toBe(202);
    const after = await eventually(
      () => statusOf('2004'),
      (s) =>
        s?.actual.oktaGroups.includes('Finance') === true && s.actual.awsAssignments.length === 1,
    );
    expect(after?.attributes.department).toBe('Finance');
    expect(after?.actual.oktaGroups).toEqual(['All Staff', 'Finance']);
    expect(await stack.awsPrincipals('222222222222', 'Billing')).toContain(principal);
    expect(await stack.awsPrincipals('222222222222', 'ReadOnlyAccess')).not.toContain(principal);
    expect(await stack.awsPrincipals('333333333333', 'PowerUserAccess')).not.toContain(principal);
  });

  it('follows a department changed back, and a termination cleared and set again', async () => {
    emulator.upsertEmployees([employee('2009')]);
    await send(webhook('employee.created', '2009'));
    await eventually(
      () => statusOf('2009'),
      (s) => s?.actual.awsAssignments.length === 2,
    );
    type Check = (s: PersonStatus) => boolean;
    const change = async (fields: Partial<BambooHrEmployee>, done: Check) => {
      emulator.upsertEmployees([{ id: '2009', ...fields }]);
      await send(webhook('employee.updated', '2009', Object.keys(fields)));

      return eventually(
        () => statusOf('2009'),
        (s) => s !== undefined && done(s),
      );
    };
    const department = (name: string) => (s: PersonStatus) => s.attributes.department === name;
    const lastDay = (s: PersonStatus | undefined) => s?.record.termination?.lastDay;
    const leaving = (s: PersonStatus) => lastDay(s) === '2099-01-29';

    await change({ department: 'Finance' }, department('Finance'));
    const back = await change({ department: 'Engineering' }, department('Engineering'));
    await change({ terminationDate: '2099-01-29' }, leaving);
    const cleared = await change({ terminationDate: null }, (s) => lastDay(s) === undefined);
    const again = await change({ terminationDate: '2099-01-29' }, leaving);

    expect(back?.attributes.department).toBe('Engineering');
    expect(cleared?.record.termination).toBeUndefined();
    expect(lastDay(again)).toBe('2099-01-29');
  });

  it('still converges when BambooHR throttles the first reads with 429', async () => {
    emulator.upsertEmployees([employee('2005')]);
    emulator.setFaults({ throttleBurst: 3, throttleStatus: 429, retryAfterSeconds: 1 });

    await send(webhook('employee.created', '2005'));

    const status = await eventually(
      () => statusOf('2005'),
      (s) => s?.stage === 'active' && converged(s),
      40_000,
    );
    expect(status?.lastError).toBeUndefined();
    expect(emulator.state().requests.byStatus['429']).toBe(3);
    expect(await stack.oktaUsers('E-2005')).toHaveLength(1);
  });

  it('reports hr.not_found for an employee BambooHR does not know', async () => {
    const response = await send(webhook('employee.updated', '2999', ['firstName']));

    expect(response.status).toBe(202);
    const status = await eventually(
      () => statusOf('2999'),
      (s) => s?.lastError !== undefined,
    );
    expect(status?.lastError).toMatchObject({ step: 'readHrRecord', type: 'hr.not_found' });
    expect(status?.stage).toBe('pending');
    expect(await stack.oktaUsers('E-2999')).toHaveLength(0);
  });

  it('withdraws the hire on a form-posted employee.deleted', async () => {
    const startDate = localDateOf(Date.now() + 30 * DAY_MS, 'America/New_York');
    emulator.upsertEmployees([employee('2006', { hireDate: startDate })]);
    await send(webhook('employee.created', '2006'));
    await eventually(
      () => statusOf('2006'),
      (s) => s?.stage === 'staged',
    );
    // BambooHR timestamps have whole seconds; the deletion comes in a later second than the read.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const timestamp = encodeURIComponent(new Date().toISOString().replace(/\.\d{3}Z$/, '+0000'));

    const response = await send(
      `type=employee.deleted&timestamp=${timestamp}&data[companyId]=1&data[employeeId]=2006`,
      FORM,
    );

    expect(response.status).toBe(202);
    const status = await eventually(
      () => statusOf('2006'),
      (s) => s?.stage === 'rescinded',
    );
    expect(status?.stage).toBe('rescinded');
    expect(status?.desired?.okta.status).toBe('ABSENT');
  });

  it('refuses a webhook signed with another secret with 401 and reads nothing', async () => {
    const raw = JSON.stringify(webhook('employee.created', '2007'));
    const timestamp = String(Math.floor(Date.now() / 1000));

    const response = await fetch(`${stack.url}/webhooks/${adapter.route}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-bamboohr-timestamp': timestamp,
        'x-bamboohr-signature': signBambooHr('not-the-secret', timestamp, Buffer.from(raw)),
      },
      body: raw,
    });

    expect(response.status).toBe(401);
    expect(emulator.state().reads).not.toContain('2007');
  });
});

/**
 * The first end-to-end path: a signed HR hire webhook becomes an Okta user with birthright groups
 * and a confirmed AWS account assignment, through the real Temporal dev server, the real SDK
 * clients and the emulators.
 */
import { Client, Connection } from '@temporalio/client';

import { localDateOf } from '../../domain/instants';
import { createLogger } from '../../config/logger';
import { createGenericAdapter } from '../../server/adapters';
import { createApp } from '../../server/app';
import { createPersonGateway } from '../../server/person-gateway';
import { personWorkflowId, type PersonStatus } from '../../workflows/definitions';
import { NEXT_TRANSITION } from '../../workflows/search-attributes';
import {
  eventually,
  GENERIC_SECRET,
  postSigned,
  serverUrl,
  startStack,
  type Stack,
} from '../support/stack';

/** The fixture's one obviously fake person; each test varies the HR id. */
function hire(hrId: string, overrides: Record<string, unknown> = {}) {
  return {
    eventId: `evt-hire-${hrId}`,
    type: 'hire',
    occurredAt: new Date().toISOString(),
    effectiveDate: localDateOf(Date.now(), 'America/New_York'),
    employee: {
      hrId,
      firstName: 'Ada',
      lastName: 'Tester',
      email: `ada.tester.${hrId.toLowerCase()}@example.test`,
      department: 'Engineering',
      title: 'Software Engineer',
      location: 'New York',
      employmentType: 'Full-Time',
      costCenter: 'CC-100',
      managerId: 'E0001',
    },
    ...overrides,
  };
}

describe('hiring through a webhook', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function statusOf(hrId: string): Promise<PersonStatus | undefined> {
    const response = await stack.status('generic', hrId);

    return response.status === 200 ? ((await response.json()) as PersonStatus) : undefined;
  }

  async function findWorkflows(query: string) {
    const found: { workflowId: string; next?: string }[] = [];
    for await (const run of stack.client.workflow.list({ query })) {
      const next = run.typedSearchAttributes.get(NEXT_TRANSITION);
      found.push({ workflowId: run.workflowId, ...(next ? { next: next.toISOString() } : {}) });
    }

    return found;
  }

  it('activates a hire effective today with birthright groups and a confirmed AWS assignment', async () => {
    const response = await stack.sendGeneric(hire('E1001'));

    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 1, status: ['/people/generic/E1001'] });
    const status = await eventually(
      () => statusOf('E1001'),
      (s) => s?.convergedAt !== undefined && s.stage === 'active',
    );
    expect(status?.stage).toBe('active');
    expect(status?.lastError).toBeUndefined();
    const users = await stack.oktaUsers('E1001');
    expect(users).toHaveLength(1);
    expect(['ACTIVE', 'PROVISIONED']).toContain(users[0]?.status);
    expect(users[0]?.profile).toMatchObject({
      login: 'ada.tester.e1001@example.test',
      department: 'Engineering',
      title: 'Software Engineer',
      costCenter: 'CC-100',
      managerId: 'E0001',
      awsRole: 'engineer',
    });
    expect(await stack.oktaGroupNames(users[0]!.id)).toEqual([
      'All Staff',
      'Engineering',
      'Everyone',
    ]);
    expect(await stack.awsPrincipals('222222222222', 'ReadOnlyAccess')).toEqual([
      status?.actual.awsUserId,
    ]);
    expect(await stack.awsPrincipals('333333333333', 'PowerUserAccess')).toEqual([
      status?.actual.awsUserId,
    ]);
  });

  it('creates one user and one assignment when the same delivery arrives twice', async () => {
    const body = hire('E1002', {
      employee: { ...hire('E1002').employee, employmentType: 'Contractor' },
    });

    const first = await stack.sendGeneric(body);
    const second = await stack.sendGeneric(body);

    expect([first.status, second.status]).toEqual([202, 202]);
    const status = await eventually(
      () => statusOf('E1002'),
      (s) => s?.stage === 'active' && s.convergedAt !== undefined,
    );
    expect(status?.recentEvents.map((e) => e.outcome)).toEqual(['applied', 'duplicate']);
    expect(await stack.oktaUsers('E1002')).toHaveLength(1);
    const principals = await stack.awsPrincipals('222222222222', 'ReadOnlyAccess');
    expect(principals.filter((p) => p === status?.actual.awsUserId)).toHaveLength(1);
  });

  it('stages the Okta user at once and holds access until a future start date', async () => {
    const startDate = localDateOf(Date.now() + 10 * 86_400_000, 'Europe/Berlin');
    const body = hire('E1003', {
      effectiveDate: startDate,
      employee: { ...hire('E1003').employee, location: 'Berlin' },
    });

    await stack.sendGeneric(body);

    const status = await eventually(
      () => statusOf('E1003'),
      (s) => s?.convergedAt !== undefined,
    );
    expect(status?.stage).toBe('staged');
    expect(status?.timeZone).toBe('Europe/Berlin');
    expect(status?.pendingTimers[0]).toMatchObject({ kind: 'start', localDate: startDate });
    const users = await stack.oktaUsers('E1003');
    expect(users.map((u) => u.status)).toEqual(['STAGED']);
    const found = await eventually(
      () =>
        findWorkflows(
          `TenureHrId = 'E1003' AND TenureStage = 'staged' AND TenureHrSource = 'generic'`,
        ),
      (list) => list.length === 1,
    );
    expect(found[0]?.workflowId).toBe('person:generic:E1003');
    expect(found[0]?.next).toBe(status?.pendingTimers[0]?.at);
    expect(await stack.oktaGroupNames(users[0]!.id)).toEqual(['Everyone']);
    expect(status?.actual.awsAssignments).toEqual([]);
  });

  it('maps a BambooHR field-based hire with wrapped values to the same lifecycle', async () => {
    const today = localDateOf(Date.now(), 'America/New_York');
    const body = {
      employees: [
        {
          id: '4242',
          action: 'Created',
          timestamp: new Date().toISOString(),
          changedFields: ['First Name', 'Hire Date'],
          fields: {
            'First Name': { value: 'Bea' },
            'Last Name': { value: 'Sample' },
            'Work Email': { value: 'bea.sample@example.test' },
            Department: { value: 'Finance' },
            'Job Title': { value: 'Analyst' },
            'Hire Date': { value: today },
            Location: { value: 'New York' },
          },
        },
      ],
    };

    const response = await stack.sendBambooHr(body);

    expect(response.status).toBe(202);
    const status = await eventually(
      () =>
        stack
          .status('bamboohr', '4242')
          .then((r) => (r.ok ? (r.json() as Promise<PersonStatus>) : undefined)),
      (s) => s?.stage === 'active' && s.convergedAt !== undefined,
    );
    expect(status?.desired?.okta.groups).toEqual(['All Staff', 'Finance']);
    expect(status?.actual.oktaGroups).toEqual(['All Staff', 'Finance']);
  });

  it('touches no Okta user for events about someone Tenure has not hired', async () => {
    await stack.sendGeneric(hire('4343'));
    // The stage is planned before Okta converges: wait for the user too, not the stage alone.
    const victim = await eventually(
      () => statusOf('4343'),
      (s) => s?.stage === 'active' && s.actual.oktaUserId !== undefined && !s.converging,
    );
    const deleted = { employees: [{ id: '4343', action: 'Deleted' }] };
    const update = {
      eventId: 'evt-stranger-update',
      type: 'update',
      occurredAt: new Date().toISOString(),
      employee: { hrId: 'STRANGER1', employeeNumber: '4343' },
    };

    const answers = [await stack.sendBambooHr(deleted), await stack.sendGeneric(update)];
    const stranger = await eventually(
      () =>
        stack
          .status('bamboohr', '4343')
          .then((r) => (r.ok ? (r.json() as Promise<PersonStatus>) : undefined)),
      (s) => s?.convergedAt !== undefined,
    );
    await eventually(
      () => statusOf('STRANGER1'),
      (s) => s?.convergedAt !== undefined,
    );

    expect(answers.map((a) => a.status)).toEqual([202, 202]);
    expect(stranger?.stage).toBe('pending');
    const users = await stack.oktaUsers('4343');
    expect(users.map((u) => [u.id, u.status])).toEqual([
      [victim?.actual.oktaUserId, 'PROVISIONED'],
    ]);
  });

  it('rejects a bad signature with 401 and starts no workflow', async () => {
    const raw = JSON.stringify(hire('E1004'));

    const response = await fetch(`${stack.url}/webhooks/generic`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-tenure-timestamp': String(Math.floor(Date.now() / 1000)),
        'x-tenure-signature': 'v1=' + '0'.repeat(64),
      },
      body: raw,
    });

    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'intake.bad_signature',
    );
    await expect(
      stack.client.workflow.getHandle(personWorkflowId('generic', 'E1004')).describe(),
    ).rejects.toThrow();
  });

  it('rejects an invalid body with 400 naming the field', async () => {
    const body = hire('E1005', { effectiveDate: '2026-02-30' });

    const response = await stack.sendGeneric(body);

    expect(response.status).toBe(400);
    const error = ((await response.json()) as { error: { message: string } }).error;
    expect(error.message).toContain('effectiveDate');
  });

  it('answers 503 when Temporal cannot be reached, so the sender retries', async () => {
    const connection = Connection.lazy({ address: '127.0.0.1:1' });
    const client = new Client({ connection });
    const app = createApp({
      adapters: [createGenericAdapter({ secrets: [GENERIC_SECRET] })],
      gateway: createPersonGateway({ client, taskQueues: stack.taskQueues, deadlineMs: 2_000 }),
      logger: createLogger('silent'),
      bodyLimit: '256kb',
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));

    const response = await postSigned(
      `${serverUrl(server)}/webhooks/generic`,
      hire('E1006'),
      'generic',
    );
    const readiness = await fetch(`${serverUrl(server)}/readyz`);
    const healthyStack = await fetch(`${stack.url}/readyz`);

    expect(response.status).toBe(503);
    expect(readiness.status).toBe(503);
    expect(healthyStack.status).toBe(200);
    server.close();
    await connection.close();
  });
});

/**
 * A future start date waits on a durable timer until 06:00 local on the start date, then
 * activates. Runs on the time-skipping test server so a day passes in moments.
 */
import { resolve } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';

import { localDateOf } from '../../domain/instants';
import type { PersonStatus } from '../../workflows/definitions';
import {
  eventually,
  installTestRuntime,
  registerSearchAttributes,
  startStack,
  type Stack,
} from '../support/stack';

const TEST_SERVER = resolve(__dirname, '..', '..', '.tools', 'venv', 'bin', 'temporal-test-server');

describe('a hire with a future start date', () => {
  let env: TestWorkflowEnvironment;
  let stack: Stack;

  beforeAll(async () => {
    installTestRuntime();
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: TEST_SERVER } },
    });
    await registerSearchAttributes(env.connection);
    stack = await startStack({ temporal: { nativeConnection: env.nativeConnection, client: env.client } });
  });

  afterAll(async () => {
    await stack?.stop();
    await env?.teardown();
  });

  async function statusOf(hrId: string): Promise<PersonStatus | undefined> {
    const response = await stack.status('generic', hrId);

    return response.status === 200 ? ((await response.json()) as PersonStatus) : undefined;
  }

  it('activates at 06:00 local on the start date, not before', async () => {
    const now = await env.currentTimeMs();
    const startDate = localDateOf(now + 2 * 86_400_000, 'Europe/London');
    const body = {
      eventId: 'evt-hire-E1101',
      type: 'hire',
      occurredAt: new Date(now).toISOString(),
      effectiveDate: startDate,
      employee: {
        hrId: 'E1101',
        firstName: 'Cy',
        lastName: 'Fixture',
        email: 'cy.fixture@example.test',
        department: 'Engineering',
        location: 'London',
        employmentType: 'Contractor',
      },
    };

    await stack.sendGeneric(body);
    const staged = await eventually(() => statusOf('E1101'), (s) => s?.convergedAt !== undefined);
    const start = staged?.pendingTimers.find((t) => t.kind === 'start');
    await env.sleep(Date.parse(start!.at) - (await env.currentTimeMs()) - 60_000);
    const justBefore = await statusOf('E1101');
    await env.sleep(120_000);
    const after = await eventually(
      () => statusOf('E1101'),
      (s) => s?.stage === 'active' && s.actual.awsAssignments.length > 0,
    );

    expect(staged?.stage).toBe('staged');
    expect(staged?.actual.oktaStatus).toBe('STAGED');
    expect(start?.localDate).toBe(startDate);
    expect(new Date(start!.at).getUTCHours()).toBe(new Date(`${startDate}T06:00:00Z`).getUTCHours() - (isBst(startDate) ? 1 : 0));
    expect(justBefore?.stage).toBe('staged');
    expect(after?.stage).toBe('active');
    expect(after?.actual.oktaGroups).toEqual(['All Staff', 'Contractors', 'Engineering']);
    expect(after?.actual.awsAssignments).toEqual([{ accountId: '222222222222', permissionSet: 'ReadOnlyAccess' }]);
  });
});

/** London is on UTC+1 from the last Sunday of March to the last Sunday of October. */
function isBst(date: string): boolean {
  const month = Number(date.slice(5, 7));

  return month > 3 && month < 11;
}

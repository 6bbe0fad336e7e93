/**
 * The connectors under the real services' bad days, reproduced by the emulators: an Okta 429
 * storm during a bulk hire, AWS conflicts with slow asynchronous assignments, an assignment that
 * ends FAILED, and a worker that dies while it polls an assignment.
 */
import { localDateOf } from '../../domain/instants';
import type { PersonStatus } from '../../workflows/definitions';
import { eventually, startStack, type Stack } from '../support/stack';

/** The fixture's base person, a full-time engineer; each test varies the HR id. */
function hire(hrId: string): Record<string, unknown> {
  return {
    eventId: `evt-hire-${hrId}`,
    type: 'hire',
    occurredAt: new Date().toISOString(),
    effectiveDate: localDateOf(Date.now(), 'America/New_York'),
    employee: {
      hrId,
      firstName: 'Kit',
      lastName: 'Loadtest',
      email: `kit.loadtest.${hrId.toLowerCase()}@example.test`,
      department: 'Engineering',
      employmentType: 'Full-Time',
      location: 'New York',
    },
  };
}

async function statusOf(stack: Stack, hrId: string): Promise<PersonStatus | undefined> {
  const response = await stack.status('generic', hrId);

  return response.status === 200 ? ((await response.json()) as PersonStatus) : undefined;
}

const fullyHired = (s: PersonStatus | undefined) =>
  s?.stage === 'active' && s.actual.awsAssignments.length === 2 && s.convergedAt !== undefined;

interface AwsState {
  assignments: { accountId: string; permissionSetArn: string; principalId: string }[];
  operations: {
    kind?: string;
    type?: string;
    operation?: string;
    status: string;
    requestId: string;
  }[];
  calls: Record<string, number>;
}

async function awsState(stack: Stack): Promise<AwsState> {
  return (await (await fetch(`${stack.aws.url}/__admin/state`)).json()) as AwsState;
}

describe('connectors under stress', () => {
  it('hires 50 people through an Okta 429 storm with no failure surfaced', async () => {
    const stack = await startStack();
    try {
      stack.okta.setFaults({ rateLimitBurst: 150 });
      const ids = Array.from({ length: 50 }, (_, i) => `E50${String(i).padStart(2, '0')}`);

      const answers = await Promise.all(ids.map((id) => stack.sendGeneric(hire(id))));
      const statuses = await eventually(
        () => Promise.all(ids.map((id) => statusOf(stack, id))),
        (all) => all.every(fullyHired),
        // Generous: the storm's waits follow Okta's reset times, and a loaded 2-core machine
        // stretches them; the assertions below say which person lagged, and why.
        240_000,
      );

      expect(answers.map((a) => a.status)).toEqual(ids.map(() => 202));
      expect(statuses.map((s) => s?.lastError).filter(Boolean)).toEqual([]);
      expect(statuses.filter((s) => !fullyHired(s)).map((s) => s?.hrId)).toEqual([]);
      const okta = (await (await fetch(`${stack.okta.url}/__admin/state`)).json()) as {
        users: { total: number };
        requests: { byStatus: Record<string, number> };
      };
      expect(okta.users.total).toBe(50);
      expect(okta.requests.byStatus['429']).toBe(150);
    } finally {
      await stack.stop();
    }
  }, 300_000);

  it('confirms every assignment once through 30% conflicts and slow asynchronous operations', async () => {
    const stack = await startStack({ aws: { assignmentDelayMs: 1_500 } });
    try {
      stack.aws.setFaults({ conflictRate: 0.3 });
      const ids = Array.from({ length: 8 }, (_, i) => `E51${i}`);

      await Promise.all(ids.map((id) => stack.sendGeneric(hire(id))));
      const statuses = await eventually(
        () => Promise.all(ids.map((id) => statusOf(stack, id))),
        (all) => all.every(fullyHired),
        120_000,
      );

      expect(statuses.every(fullyHired)).toBe(true);
      const state = await awsState(stack);
      const rows = state.assignments.map(
        (a) => `${a.accountId}/${a.permissionSetArn}/${a.principalId}`,
      );
      expect(rows).toHaveLength(16);
      expect(new Set(rows).size).toBe(16);
    } finally {
      await stack.stop();
    }
  }, 180_000);

  it('shows an assignment that AWS reports FAILED with its reason, and recovers on reconcile', async () => {
    const stack = await startStack();
    try {
      stack.aws.setFaults({
        failNextAssignments: 1,
        failureReason: 'IAM role quota exceeded in account',
      });

      await stack.sendGeneric(hire('E5201'));
      const failed = await eventually(
        () => statusOf(stack, 'E5201'),
        (s) => s?.lastError !== undefined,
        30_000,
      );
      const reconcile = await fetch(`${stack.url}/people/generic/E5201/reconcile`, {
        method: 'POST',
      });
      const recovered = await eventually(
        () => statusOf(stack, 'E5201'),
        (s) => fullyHired(s) && s?.lastError === undefined,
        30_000,
      );

      expect(failed?.lastError).toMatchObject({
        step: 'applyAwsAssignment',
        type: 'aws.assignment_failed',
      });
      expect(failed?.lastError?.message).toContain('IAM role quota exceeded in account');
      expect(failed?.pendingTimers).toContainEqual(expect.objectContaining({ kind: 'retry' }));
      expect(reconcile.status).toBe(202);
      expect(recovered?.lastError).toBeUndefined();
    } finally {
      await stack.stop();
    }
  }, 60_000);

  it('finds the AWS user again when the identity store has recreated it', async () => {
    const stack = await startStack();
    try {
      await stack.sendGeneric(hire('E5401'));
      const first = await eventually(() => statusOf(stack, 'E5401'), fullyHired, 30_000);
      stack.aws.reset();
      const repush = await fetch(`${stack.aws.url}/__admin/scim/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          externalId: first?.actual.oktaUserId,
          userName: 'kit.loadtest.e5401@example.test',
          email: 'kit.loadtest.e5401@example.test',
          active: true,
        }),
      });
      const recreated = ((await repush.json()) as { UserId: string }).UserId;

      const reconciledAt = new Date().toISOString();
      await fetch(`${stack.url}/people/generic/E5401/reconcile`, { method: 'POST' });
      const status = await eventually(
        () => statusOf(stack, 'E5401'),
        (s) => s?.actual.awsUserId === recreated && fullyHired(s) && s.convergedAt! >= reconciledAt,
        30_000,
      );

      expect(status?.lastError).toBeUndefined();
      expect(status?.actual.awsUserId).not.toBe(first?.actual.awsUserId);
      expect((await awsState(stack)).assignments.map((a) => a.principalId)).toEqual([
        recreated,
        recreated,
      ]);
    } finally {
      await stack.stop();
    }
  }, 60_000);

  it('resumes polling the same AWS request after the worker dies mid-poll', async () => {
    const stack = await startStack({ aws: { assignmentDelayMs: 4_000 } });
    try {
      await stack.sendGeneric(hire('E5301'));
      await eventually(
        () => awsState(stack),
        (s) => s.operations.filter((o) => o.status === 'IN_PROGRESS').length === 2,
        30_000,
      );

      await stack.restartAwsWorker();
      const status = await eventually(() => statusOf(stack, 'E5301'), fullyHired, 60_000);

      expect(fullyHired(status)).toBe(true);
      const state = await awsState(stack);
      expect(state.calls.CreateAccountAssignment).toBe(2);
      expect(state.assignments).toHaveLength(2);
    } finally {
      await stack.stop();
    }
  }, 90_000);
});

/**
 * Okta account ownership: Tenure stamps every user it creates or adopts with its owner
 * (`tenureOwner = <source>:<hrId>`), and no other person's workflow, from any source, may adopt
 * that user by naming its employeeNumber or login.
 */
import { localDateOf } from '../../domain/instants';
import type { PersonStatus } from '../../workflows/definitions';
import { eventually, startStack, type Stack } from '../support/stack';

/** The fixture's one obviously fake person; each test varies the HR id and email. */
function hire(hrId: string, employee: Record<string, string> = {}) {
  return {
    eventId: `evt-hire-${hrId}`,
    type: 'hire',
    occurredAt: new Date().toISOString(),
    effectiveDate: localDateOf(Date.now(), 'America/New_York'),
    employee: {
      hrId,
      firstName: 'Oona',
      lastName: 'Owner',
      email: `oona.owner.${hrId.toLowerCase()}@example.test`,
      department: 'Engineering',
      location: 'New York',
      ...employee,
    },
  };
}

describe('Okta account ownership', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function settled(source: string, hrId: string): Promise<PersonStatus> {
    return eventually(
      async () => (await (await stack.status(source, hrId)).json()) as PersonStatus,
      (s) =>
        !s.converging &&
        s.convergedAt !== undefined &&
        (s.lastError !== undefined || s.actual.oktaUserId !== undefined),
    );
  }

  async function failed(source: string, hrId: string): Promise<PersonStatus> {
    return eventually(
      async () => (await stack.status(source, hrId)).json() as Promise<PersonStatus>,
      (s) => s.lastError !== undefined,
    );
  }

  it('stamps the user it creates with its owner', async () => {
    await stack.sendGeneric(hire('E8001'));
    const status = await settled('generic', 'E8001');

    const [user] = await stack.oktaUsers('E8001');
    expect(status.lastError).toBeUndefined();
    expect(user?.profile.tenureOwner).toBe('generic:E8001');
  });

  it("refuses another person's hire that names the owned user's employeeNumber", async () => {
    await stack.sendGeneric(hire('E8002'));
    const victim = await settled('generic', 'E8002');

    await stack.sendGeneric(
      hire('ATTK8002', { employeeNumber: 'E8002', email: 'mallory.attk@example.test' }),
    );
    const attacker = await failed('generic', 'ATTK8002');

    expect(attacker.lastError?.type).toBe('okta.owned_by_another');
    expect(attacker.actual.oktaUserId).toBeUndefined();
    const users = await stack.oktaUsers('E8002');
    expect(users.map((u) => [u.id, u.profile.login, u.profile.tenureOwner])).toEqual([
      [victim.actual.oktaUserId, 'oona.owner.e8002@example.test', 'generic:E8002'],
    ]);
  });

  it('refuses the same HR id arriving from another source', async () => {
    await stack.sendGeneric(hire('8003'));
    await settled('generic', '8003');

    const response = await stack.sendBambooHr({
      employees: [
        {
          id: '8003',
          action: 'Created',
          fields: {
            'First Name': 'Eve',
            'Last Name': 'Other',
            'Work Email': 'eve.other@example.test',
            'Hire Date': localDateOf(Date.now(), 'America/New_York'),
          },
        },
      ],
    });
    const other = await failed('bamboohr', '8003');

    expect(response.status).toBe(202);
    expect(other.lastError?.type).toBe('okta.owned_by_another');
    const [user] = await stack.oktaUsers('8003');
    expect(user?.profile.login).toBe('oona.owner.8003@example.test');
  });

  function event(type: string, hrId: string, id: string, fields: object = {}, employee = {}) {
    return {
      eventId: `evt-${id}`,
      type,
      occurredAt: new Date().toISOString(),
      ...fields,
      ...(Object.keys(employee).length > 0 ? { employee: { hrId, ...employee } } : {}),
      ...(Object.keys(employee).length === 0 ? { employee: { hrId } } : {}),
    };
  }

  it("ends a leaver's access even when HR gave it a login Okta refuses", async () => {
    await stack.sendGeneric(hire('E8004'));
    await settled('generic', 'E8004');

    await stack.sendGeneric(
      event('update', 'E8004', 'e8004-email', {}, { email: 'oona.owner.e8001@example.test' }),
    );
    const refused = await failed('generic', 'E8004');
    await stack.sendGeneric(event('terminate', 'E8004', 'e8004-leave', { immediate: true }));
    const left = await eventually(
      async () => (await (await stack.status('generic', 'E8004')).json()) as PersonStatus,
      (s) => s.stage === 'terminated' && !s.converging && s.actual.oktaStatus === 'DEPROVISIONED',
    );

    expect(refused.lastError?.type).toBe('okta.invalid_request');
    expect(left.actual.awsAssignments).toEqual([]);
    expect(await stack.awsPrincipals('222222222222', 'ReadOnlyAccess')).not.toContain(
      left.actual.awsUserId,
    );
  });

  it('never binds a rehire to the AWS user of the login HR asked for but Okta has not taken', async () => {
    await stack.sendGeneric(hire('E8001'));
    const victim = await settled('generic', 'E8001');
    await stack.sendGeneric(hire('E8006', { department: 'Sales' }));
    await settled('generic', 'E8006');
    await stack.sendGeneric(event('terminate', 'E8006', 'e8006-leave', { immediate: true }));
    await eventually(
      async () => (await (await stack.status('generic', 'E8006')).json()) as PersonStatus,
      (s) => s.stage === 'terminated' && !s.converging,
    );

    await stack.sendGeneric({
      ...hire('E8006', { email: 'oona.owner.e8001@example.test' }),
      eventId: 'evt-e8006-rehire',
    });
    const rehired = await eventually(
      async () => (await (await stack.status('generic', 'E8006')).json()) as PersonStatus,
      (s) =>
        s.stage === 'active' &&
        !s.converging &&
        s.recentEvents.some((e) => e.eventId === 'evt-e8006-rehire'),
    );

    expect(rehired.actual.awsUserId).not.toBe(victim.actual.awsUserId);
    expect(await stack.awsPrincipals('222222222222', 'ReadOnlyAccess')).toContain(
      victim.actual.awsUserId,
    );
    const [victimUser] = await stack.oktaUsers('E8001');
    expect(victimUser?.profile.login).toBe('oona.owner.e8001@example.test');
  });
});

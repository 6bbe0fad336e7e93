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
});

/**
 * Leavers on the time-skipping server: scheduled terminations at the end of the last working day,
 * rescinded and moved terminations, a termination that overtook the hire, and rehire.
 */
import { CreateAccountAssignmentCommand, SSOAdminClient } from '@aws-sdk/client-sso-admin';

import { eventually } from '../support/stack';
import {
  genericEvent,
  startTimeSkippingStack,
  type TimeSkippingStack,
} from '../support/time-skipping';

/** The fixture's base person, an engineer in San Francisco; each test varies the HR id. */
const DANA = {
  firstName: 'Dana',
  lastName: 'Placeholder',
  department: 'Engineering',
  employmentType: 'Full-Time',
  location: 'San Francisco',
};

function email(hrId: string): string {
  return `dana.placeholder.${hrId.toLowerCase()}@example.test`;
}

describe('leavers', () => {
  let ts: TimeSkippingStack;

  beforeEach(async () => {
    ts = await startTimeSkippingStack();
  });

  afterEach(async () => {
    await ts?.teardown();
  });

  /** An assignment an AWS admin made directly, which no policy manages. */
  async function grantByHand(principalId: string, accountId: string, permissionSet: string) {
    const admin = new SSOAdminClient({
      region: 'us-east-1',
      endpoint: ts.aws.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    await admin.send(
      new CreateAccountAssignmentCommand({
        InstanceArn: ts.aws.instanceArn,
        TargetId: accountId,
        TargetType: 'AWS_ACCOUNT',
        PermissionSetArn: ts.aws.permissionSetArn(permissionSet),
        PrincipalType: 'USER',
        PrincipalId: principalId,
      }),
    );
    admin.destroy();
  }

  async function hireToday(hrId: string, employee: Record<string, string> = {}) {
    const now = await ts.now();
    await ts.sendGeneric(
      genericEvent(
        'hire',
        hrId,
        now,
        { effectiveDate: now.slice(0, 10) },
        { ...DANA, email: email(hrId), ...employee },
      ),
    );

    return ts.convergedStatus('generic', hrId, now);
  }

  it('ends access at 18:00 Pacific on the last working day, with sessions revoked', async () => {
    const hired = await hireToday('E2001');
    await ts.advanceTo('2027-03-01T17:00:00.000Z');

    const scheduled = await ts.deliver(
      genericEvent('terminate', 'E2001', await ts.now(), { effectiveDate: '2027-03-31' }),
    );
    await ts.advanceTo('2027-04-01T00:59:00.000Z');
    const justBefore = await ts.convergedStatus('generic', 'E2001', '2027-03-01T17:00:00.000Z');
    await ts.advanceTo('2027-04-01T01:00:30.000Z');
    const after = await ts.convergedStatus('generic', 'E2001', '2027-04-01T01:00:00.000Z');

    expect(scheduled.pendingTimers).toContainEqual(
      expect.objectContaining({
        kind: 'termination',
        at: '2027-04-01T01:00:00.000Z',
        localDate: '2027-03-31',
      }),
    );
    expect(justBefore.stage).toBe('active');
    expect(after.stage).toBe('terminated');
    const users = await ts.oktaUsers('E2001');
    expect(users.map((u) => u.status)).toEqual(['DEPROVISIONED']);
    expect(await ts.oktaGroupNames(hired.actual.oktaUserId!)).toEqual(['Everyone']);
    expect(await ts.awsPrincipals('222222222222', 'ReadOnlyAccess')).toEqual([]);
    expect(await ts.awsPrincipals('333333333333', 'PowerUserAccess')).toEqual([]);
    const state = (await (await fetch(`${ts.okta.url}/__admin/state`)).json()) as {
      sessionsRevoked: Record<string, number>;
    };
    expect(state.sessionsRevoked[hired.actual.oktaUserId!]).toBeGreaterThanOrEqual(1);
  });

  it('keeps everything in place when the termination is rescinded before its date', async () => {
    const hired = await hireToday('E2011');
    await ts.advanceTo('2027-03-01T17:00:00.000Z');
    await ts.deliver(
      genericEvent('terminate', 'E2011', await ts.now(), { effectiveDate: '2027-03-31' }),
    );

    await ts.advanceTo('2027-03-15T17:00:00.000Z');
    const rescinded = await ts.deliver(
      genericEvent('rescind_termination', 'E2011', await ts.now()),
    );
    await ts.advanceTo('2027-04-02T12:00:00.000Z');
    const later = await ts.convergedStatus('generic', 'E2011', '2027-03-15T17:00:00.000Z');

    expect(rescinded.pendingTimers.filter((t) => t.kind === 'termination')).toEqual([]);
    expect(later.stage).toBe('active');
    expect((await ts.oktaUsers('E2011')).map((u) => u.status)).toEqual(['PROVISIONED']);
    expect(await ts.oktaGroupNames(hired.actual.oktaUserId!)).toEqual([
      'All Staff',
      'Engineering',
      'Everyone',
    ]);
    expect(await ts.awsPrincipals('222222222222', 'ReadOnlyAccess')).toEqual([
      hired.actual.awsUserId,
    ]);
  });

  it('moves the timer when HR moves the last day', async () => {
    await hireToday('E2012');
    await ts.advanceTo('2027-03-01T17:00:00.000Z');
    await ts.deliver(
      genericEvent('terminate', 'E2012', await ts.now(), { effectiveDate: '2027-03-31' }),
    );

    const moved = await ts.deliver(
      genericEvent('terminate', 'E2012', await ts.now(), {
        effectiveDate: '2027-04-30',
        eventId: 'evt-e2012-moved',
      }),
    );
    await ts.advanceTo('2027-04-15T12:00:00.000Z');
    const between = await ts.convergedStatus('generic', 'E2012', '2027-03-01T17:00:00.000Z');

    expect(moved.pendingTimers.filter((t) => t.kind === 'termination').map((t) => t.at)).toEqual([
      '2027-05-01T01:00:00.000Z',
    ]);
    expect(between.stage).toBe('active');
  });

  it('acts at once on a retroactive termination, taking hand-granted AWS access too', async () => {
    const hired = await hireToday('E2013');
    const principalId = hired.actual.awsUserId!;
    await grantByHand(principalId, '444444444444', 'Billing');
    await eventually(
      () => ts.awsPrincipals('444444444444', 'Billing'),
      (held) => held.includes(principalId),
    );
    await ts.advanceTo('2027-02-10T17:00:00.000Z');

    const status = await ts.deliver(
      genericEvent('terminate', 'E2013', await ts.now(), { effectiveDate: '2027-02-05' }),
    );

    expect(status.stage).toBe('terminated');
    expect((await ts.oktaUsers('E2013')).map((u) => u.status)).toEqual(['DEPROVISIONED']);
    expect(await ts.awsPrincipals('444444444444', 'Billing')).toEqual([]);
    expect(await ts.awsPrincipals('222222222222', 'ReadOnlyAccess')).toEqual([]);
  });

  it('never activates a person whose termination arrived before the hire', async () => {
    const now = await ts.now();
    await ts.sendGeneric(genericEvent('terminate', 'E2003', now, { immediate: true }));
    await ts.convergedStatus('generic', 'E2003', now);

    const hireSent = new Date(Date.parse(now) - 86_400_000).toISOString();
    const beforeHire = await ts.now();
    await ts.sendGeneric(
      genericEvent(
        'hire',
        'E2003',
        hireSent,
        { effectiveDate: hireSent.slice(0, 10) },
        { ...DANA, email: email('E2003') },
      ),
    );
    const status = await ts.convergedStatus('generic', 'E2003', beforeHire);
    await ts.advanceTo(new Date(Date.parse(now) + 30 * 86_400_000).toISOString());
    const later = await ts.convergedStatus('generic', 'E2003', now);

    expect(status.stage).toBe('terminated');
    expect(later.stage).toBe('terminated');
    expect(await ts.oktaUsers('E2003')).toEqual([]);
    expect(later.actual).toMatchObject({ oktaGroups: [], awsAssignments: [] });
  });

  it('reactivates the same Okta user on a rehire with only the new department access', async () => {
    const hired = await hireToday('E2005');
    await ts.oktaClient.groupApi
      .createGroup({ group: { profile: { name: 'Legacy Project' } } })
      .then((g) =>
        ts.oktaClient.groupApi.assignUserToGroup({
          groupId: g.id!,
          userId: hired.actual.oktaUserId!,
        }),
      );
    await ts.advanceTo('2027-01-10T17:00:00.000Z');
    await ts.sendGeneric(
      genericEvent('terminate', 'E2005', await ts.now(), { effectiveDate: '2027-01-15' }),
    );
    await ts.advanceTo('2027-03-01T12:00:00.000Z');
    const terminated = await ts.convergedStatus('generic', 'E2005', '2027-01-16T00:00:00.000Z');

    const waiting = await ts.deliver(
      genericEvent(
        'hire',
        'E2005',
        await ts.now(),
        { effectiveDate: '2027-06-01' },
        { ...DANA, email: email('E2005'), department: 'Finance' },
      ),
    );
    await ts.advanceTo('2027-06-01T14:00:00.000Z');
    const rehired = await ts.convergedStatus('generic', 'E2005', '2027-06-01T13:00:00.000Z');

    expect(terminated.stage).toBe('terminated');
    expect(waiting.stage).toBe('staged');
    expect(waiting.actual.oktaStatus).toBe('DEPROVISIONED');
    expect(rehired.stage).toBe('active');
    const users = await ts.oktaUsers('E2005');
    expect(users.map((u) => u.id)).toEqual([hired.actual.oktaUserId]);
    expect(users[0]?.status).toBe('PROVISIONED');
    expect(await ts.oktaGroupNames(hired.actual.oktaUserId!)).toEqual([
      'All Staff',
      'Everyone',
      'Finance',
    ]);
    expect(await ts.awsPrincipals('222222222222', 'ReadOnlyAccess')).toEqual([]);
    expect(await ts.awsPrincipals('222222222222', 'Billing')).toEqual([hired.actual.awsUserId]);
  });
});

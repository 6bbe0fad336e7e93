/**
 * Movers and leaves of absence on the time-skipping server: role and name changes, future-dated
 * changes, a leave with a return event, a start on a daylight-saving day, duplicates and order.
 */
import {
  genericEvent,
  startTimeSkippingStack,
  type TimeSkippingStack,
} from '../support/time-skipping';

/** The fixture's base person, an engineer in New York; each test varies the HR id. */
const SAM = {
  firstName: 'Sam',
  lastName: 'Sampleton',
  department: 'Engineering',
  title: 'Engineer',
  employmentType: 'Full-Time',
  location: 'New York',
};

function email(hrId: string, lastName = 'sampleton'): string {
  return `sam.${lastName}.${hrId.toLowerCase()}@example.test`;
}

function minutesBefore(instant: string, minutes: number): string {
  return new Date(Date.parse(instant) - minutes * 60_000).toISOString();
}

describe('movers and leaves', () => {
  let ts: TimeSkippingStack;

  beforeEach(async () => {
    ts = await startTimeSkippingStack();
  });

  afterEach(async () => {
    await ts?.teardown();
  });

  async function hireToday(hrId: string, employee: Record<string, string> = {}, at?: string) {
    const now = at ?? (await ts.now());

    return ts.deliver(
      genericEvent(
        'hire',
        hrId,
        now,
        { effectiveDate: now.slice(0, 10) },
        { ...SAM, email: email(hrId), ...employee },
      ),
    );
  }

  it('moves access to the new department on the effective date and leaves hand-made access alone', async () => {
    const hired = await hireToday('E3001');
    const userId = hired.actual.oktaUserId!;
    const handMade = await ts.oktaClient.groupApi.createGroup({
      group: { profile: { name: 'Book Club' } },
    });
    await ts.oktaClient.groupApi.assignUserToGroup({ groupId: handMade.id!, userId });
    await ts.oktaClient.userApi.updateUser({ userId, user: { profile: { nickName: 'Sammy' } } });

    const scheduled = await ts.deliver(
      genericEvent(
        'update',
        'E3001',
        await ts.now(),
        { effectiveDate: '2027-02-01' },
        { department: 'Finance', title: 'Analyst' },
      ),
    );
    await ts.advanceTo('2027-02-01T12:00:00.000Z');
    const moved = await ts.convergedStatus('generic', 'E3001', '2027-02-01T00:00:00.000Z');

    expect(scheduled.attributes.department).toBe('Engineering');
    expect(scheduled.pendingTimers).toContainEqual(
      expect.objectContaining({ kind: 'attribute_change', at: '2027-02-01T05:00:00.000Z' }),
    );
    expect(moved.attributes.department).toBe('Finance');
    expect(await ts.oktaGroupNames(userId)).toEqual([
      'All Staff',
      'Book Club',
      'Everyone',
      'Finance',
    ]);
    const [user] = await ts.oktaUsers('E3001');
    expect(user?.profile).toMatchObject({
      department: 'Finance',
      title: 'Analyst',
      nickName: 'Sammy',
    });
    expect(await ts.awsPrincipals('222222222222', 'ReadOnlyAccess')).toEqual([]);
    expect(await ts.awsPrincipals('222222222222', 'Billing')).toEqual([hired.actual.awsUserId]);
  });

  it('renames the same Okta user after a name change and keeps AWS access on the same principal', async () => {
    const hired = await hireToday('E3002');

    const renamed = await ts.deliver(
      genericEvent(
        'update',
        'E3002',
        await ts.now(),
        {},
        { lastName: 'Newname', email: email('E3002', 'newname') },
      ),
    );

    const users = await ts.oktaUsers('E3002');
    expect(users.map((u) => u.id)).toEqual([hired.actual.oktaUserId]);
    expect(users[0]?.profile).toMatchObject({
      lastName: 'Newname',
      login: email('E3002', 'newname'),
    });
    expect(renamed.actual.awsUserId).toBe(hired.actual.awsUserId);
    expect(await ts.awsPrincipals('222222222222', 'ReadOnlyAccess')).toEqual([
      hired.actual.awsUserId,
    ]);
  });

  it('suspends at the start of a leave and restores everything on the return event', async () => {
    const hired = await hireToday('E2004');
    const userId = hired.actual.oktaUserId!;
    await fetch(`${ts.okta.url}/__admin/users/${userId}/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'ACTIVE' }),
    });
    await ts.advanceTo('2027-04-20T15:00:00.000Z');

    await ts.deliver(
      genericEvent('leave_start', 'E2004', await ts.now(), { effectiveDate: '2027-05-03' }),
    );
    await ts.advanceTo('2027-06-01T12:00:00.000Z');
    const onLeave = await ts.convergedStatus('generic', 'E2004', '2027-05-03T00:00:00.000Z');
    const usersOnLeave = await ts.oktaUsers('E2004');
    const awsOnLeave = await ts.awsPrincipals('222222222222', 'ReadOnlyAccess');
    await ts.advanceTo('2027-08-20T15:00:00.000Z');
    await ts.deliver(
      genericEvent('leave_end', 'E2004', await ts.now(), { effectiveDate: '2027-08-20' }),
    );
    await ts.advanceTo('2027-08-21T12:00:00.000Z');
    const back = await ts.convergedStatus('generic', 'E2004', '2027-08-20T15:00:00.000Z');

    expect(onLeave.stage).toBe('on_leave');
    expect(usersOnLeave.map((u) => [u.id, u.status])).toEqual([[userId, 'SUSPENDED']]);
    expect(awsOnLeave).toEqual([]);
    expect(back.stage).toBe('active');
    expect((await ts.oktaUsers('E2004')).map((u) => [u.id, u.status])).toEqual([
      [userId, 'ACTIVE'],
    ]);
    expect(await ts.oktaGroupNames(userId)).toEqual(['All Staff', 'Engineering', 'Everyone']);
    expect(await ts.awsPrincipals('222222222222', 'ReadOnlyAccess')).toEqual([
      hired.actual.awsUserId,
    ]);
  });

  it('starts at 06:00 Berlin time on the day the clocks go forward', async () => {
    await ts.advanceTo('2027-03-01T09:00:00.000Z');
    const staged = await ts.deliver(
      genericEvent(
        'hire',
        'E3005',
        await ts.now(),
        { effectiveDate: '2027-03-28' },
        { ...SAM, email: email('E3005'), location: 'Berlin' },
      ),
    );

    await ts.advanceTo('2027-03-28T03:59:00.000Z');
    const before = await ts.convergedStatus('generic', 'E3005', '2027-03-01T09:00:00.000Z');
    await ts.advanceTo('2027-03-28T04:00:30.000Z');
    const after = await ts.convergedStatus('generic', 'E3005', '2027-03-28T04:00:00.000Z');

    expect(staged.pendingTimers[0]).toMatchObject({
      kind: 'start',
      at: '2027-03-28T04:00:00.000Z',
    });
    expect(before.stage).toBe('staged');
    expect(after.stage).toBe('active');
  });

  it('keeps one user with the newest title across redeliveries of the hire', async () => {
    const now = await ts.now();
    const hire = genericEvent(
      'hire',
      'E2002',
      minutesBefore(now, 10),
      { effectiveDate: now.slice(0, 10), eventId: 'evt-e2002-hire' },
      { ...SAM, email: email('E2002') },
    );
    await ts.deliver(hire);
    await ts.sendGeneric(hire);

    const updated = await ts.deliver(
      genericEvent('update', 'E2002', minutesBefore(now, 5), {}, { title: 'Staff Engineer' }),
    );
    await ts.sendGeneric(hire);
    const status = await ts.convergedStatus('generic', 'E2002', updated.convergedAt!);

    const users = await ts.oktaUsers('E2002');
    expect(users).toHaveLength(1);
    expect(users[0]?.profile.title).toBe('Staff Engineer');
    expect(status.recentEvents.map((e) => e.outcome)).toEqual([
      'applied',
      'duplicate',
      'applied',
      'duplicate',
    ]);
  });

  it('ignores an older change that arrives after a newer one for the same attribute', async () => {
    const now = await ts.now();
    await hireToday('E3006', {}, minutesBefore(now, 30));

    await ts.deliver(
      genericEvent('update', 'E3006', minutesBefore(now, 5), {}, { title: 'Principal Engineer' }),
    );
    const status = await ts.deliver(
      genericEvent('update', 'E3006', minutesBefore(now, 10), {}, { title: 'Senior Engineer' }),
    );

    const [user] = await ts.oktaUsers('E3006');
    expect(user?.profile.title).toBe('Principal Engineer');
    expect(status.attributes.title).toBe('Principal Engineer');
  });

  it('removes the staged user when the hire is rescinded before the start date', async () => {
    const staged = await ts.deliver(
      genericEvent(
        'hire',
        'E3007',
        await ts.now(),
        { effectiveDate: '2027-02-01' },
        { ...SAM, email: email('E3007') },
      ),
    );

    const rescinded = await ts.deliver(genericEvent('rescind_hire', 'E3007', await ts.now()));
    await ts.advanceTo('2027-02-02T12:00:00.000Z');
    const later = await ts.convergedStatus('generic', 'E3007', rescinded.convergedAt!);

    expect(staged.actual.oktaStatus).toBe('STAGED');
    expect(rescinded.stage).toBe('rescinded');
    expect(later.stage).toBe('rescinded');
    expect(await ts.oktaUsers('E3007')).toEqual([]);
  });

  it('ends a contractor at the end of the contract unless it is extended', async () => {
    const hired = await hireToday('E3008', {
      employmentType: 'Contractor',
      contractEndDate: '2027-01-29',
    });

    await ts.advanceTo('2027-01-20T15:00:00.000Z');
    const extended = await ts.deliver(
      genericEvent('update', 'E3008', await ts.now(), {}, { contractEndDate: '2027-03-31' }),
    );
    await ts.advanceTo('2027-02-15T12:00:00.000Z');
    const stillThere = await ts.convergedStatus('generic', 'E3008', '2027-01-20T15:00:00.000Z');
    await ts.advanceTo('2027-04-01T12:00:00.000Z');
    const ended = await ts.convergedStatus('generic', 'E3008', '2027-03-31T22:00:00.000Z');

    expect(hired.pendingTimers).toContainEqual(
      expect.objectContaining({ kind: 'termination', localDate: '2027-01-29' }),
    );
    expect(extended.pendingTimers).toContainEqual(
      expect.objectContaining({ kind: 'termination', localDate: '2027-03-31' }),
    );
    expect(stillThere.stage).toBe('active');
    expect(ended.stage).toBe('terminated');
    expect((await ts.oktaUsers('E3008')).map((u) => u.status)).toEqual(['DEPROVISIONED']);
  });
});

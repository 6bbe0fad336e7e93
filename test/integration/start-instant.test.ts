/**
 * A future start date waits on a durable timer until 06:00 local on the start date, then
 * activates. Runs on the time-skipping test server so days pass in moments.
 */
import { localDateOf } from '../../domain/instants';
import {
  genericEvent,
  startTimeSkippingStack,
  type TimeSkippingStack,
} from '../support/time-skipping';

describe('a hire with a future start date', () => {
  let ts: TimeSkippingStack;

  beforeAll(async () => {
    ts = await startTimeSkippingStack();
  });

  afterAll(async () => {
    await ts?.teardown();
  });

  it('activates at 06:00 local on the start date, not before', async () => {
    const now = await ts.now();
    const startDate = localDateOf(Date.parse(now) + 2 * 86_400_000, 'Europe/London');
    const employee = {
      firstName: 'Cy',
      lastName: 'Fixture',
      email: 'cy.fixture@example.test',
      department: 'Engineering',
      location: 'London',
      employmentType: 'Contractor',
    };

    const staged = await ts.deliver(
      genericEvent('hire', 'E1101', now, { effectiveDate: startDate }, employee),
    );
    const start = staged.pendingTimers.find((t) => t.kind === 'start');
    await ts.advanceTo(new Date(Date.parse(start!.at) - 60_000).toISOString());
    const justBefore = await ts.convergedStatus('generic', 'E1101', staged.convergedAt!);
    await ts.advanceTo(new Date(Date.parse(start!.at) + 30_000).toISOString());
    const after = await ts.convergedStatus('generic', 'E1101', start!.at);

    expect(staged.stage).toBe('staged');
    expect(staged.actual.oktaStatus).toBe('STAGED');
    expect(start?.localDate).toBe(startDate);
    expect(start?.at).toBe(`${startDate}T0${londonIsOnSummerTime(startDate) ? 5 : 6}:00:00.000Z`);
    expect(justBefore.stage).toBe('staged');
    expect(after.stage).toBe('active');
    expect(after.actual.oktaGroups).toEqual(['All Staff', 'Contractors', 'Engineering']);
    expect(after.actual.awsAssignments).toEqual([
      { accountId: '222222222222', permissionSet: 'ReadOnlyAccess' },
    ]);
  });
});

/** An oracle independent of the product's luxon: Node's ICU, through Intl. */
function londonIsOnSummerTime(date: string): boolean {
  const name = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    timeZoneName: 'short',
  })
    .formatToParts(new Date(`${date}T12:00:00Z`))
    .find((part) => part.type === 'timeZoneName')?.value;

  return name === 'BST';
}

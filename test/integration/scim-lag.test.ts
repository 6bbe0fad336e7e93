/**
 * The AWS step waits for the user that Okta's SCIM provisioning pushes, with a bounded backoff;
 * past the bound it reports a clear reason, and a reconcile finishes the job once the user is there.
 */
import type { PersonStatus } from '../../workflows/definitions';
import {
  genericEvent,
  startTimeSkippingStack,
  type TimeSkippingStack,
} from '../support/time-skipping';

describe('waiting for the SCIM-synced AWS user', () => {
  let ts: TimeSkippingStack;

  beforeAll(async () => {
    // Provisioning that takes a day: longer than Tenure's bound on waiting for it.
    ts = await startTimeSkippingStack({ scimDelayMs: 86_400_000 });
  });

  afterAll(async () => {
    await ts?.teardown();
  });

  async function statusOf(hrId: string): Promise<PersonStatus> {
    return (await (await ts.status('generic', hrId)).json()) as PersonStatus;
  }

  it('gives up with aws.user_not_synced after its bound, then converges on reconcile', async () => {
    const now = await ts.now();
    const employee = {
      firstName: 'Max',
      lastName: 'Lag',
      email: 'max.lag@example.test',
      department: 'Engineering',
      employmentType: 'Contractor',
    };
    await ts.sendGeneric(
      genericEvent('hire', 'E7001', now, { effectiveDate: now.slice(0, 10) }, employee),
    );

    let status = await statusOf('E7001');
    for (let minute = 1; minute <= 20 && !status.lastError; minute += 1) {
      await ts.advanceTo(new Date(Date.parse(now) + minute * 60_000).toISOString());
      await new Promise((r) => setTimeout(r, 200));
      status = await statusOf('E7001');
    }
    const pushed = await fetch(`${ts.aws.url}/__admin/scim/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        externalId: status.actual.oktaUserId,
        userName: 'max.lag@example.test',
        givenName: 'Max',
        familyName: 'Lag',
        displayName: 'Max Lag',
        email: 'max.lag@example.test',
        active: true,
      }),
    });
    const reconcileAt = await ts.now();
    await fetch(`${ts.url}/people/generic/E7001/reconcile`, { method: 'POST' });
    const recovered = await ts.convergedStatus('generic', 'E7001', reconcileAt);

    expect(status.lastError).toMatchObject({ step: 'findAwsUser', type: 'aws.user_not_synced' });
    expect(status.lastError?.message).toContain('SCIM');
    expect(Date.parse(status.lastError!.at) - Date.parse(now)).toBeLessThan(15 * 60_000);
    expect(pushed.status).toBe(200);
    expect(recovered.actual.awsAssignments).toEqual([
      { accountId: '222222222222', permissionSet: 'ReadOnlyAccess' },
    ]);
  });
});

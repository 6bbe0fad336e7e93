/**
 * Okta Event Hooks end to end: Okta's verification GET, then batches of System Log events that
 * hand each user to its directory workflow, which reads the user in Okta and, for a deactivated
 * one, takes away every AWS account assignment, including those Tenure never granted.
 */
import {
  CreateAccountAssignmentCommand,
  ListAccountAssignmentsForPrincipalCommand,
  SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import { Client as OktaClient, DefaultRequestExecutor } from '@okta/okta-sdk-nodejs';

import { localDateOf } from '../../domain/instants';
import { createOktaEventHookAdapter } from '../../server/adapters/okta-event-hook-adapter';
import type { DirectoryUserStatus } from '../../workflows/directory-user-definitions';
import type { PersonStatus } from '../../workflows/definitions';
import { eventually, OKTA_TOKEN, startStack, type Stack } from '../support/stack';

const HOOK_SECRET = 'Bearer test-okta-hook-secret';

/** The fixture's one obviously fake person, hired today in Engineering; each test varies the id. */
function hire(hrId: string) {
  return {
    eventId: `evt-hire-${hrId}`,
    type: 'hire',
    occurredAt: new Date().toISOString(),
    effectiveDate: localDateOf(Date.now(), 'America/New_York'),
    employee: {
      hrId,
      firstName: 'Lin',
      lastName: 'Hookfixture',
      email: `lin.hookfixture.${hrId.toLowerCase()}@example.test`,
      department: 'Engineering',
      title: 'Software Engineer',
      location: 'New York',
      employmentType: 'Full-Time',
    },
  };
}

function logEvent(
  uuid: string,
  eventType: string,
  userId: string,
  published: string,
  login = 'hidden@example.test',
) {
  return {
    uuid,
    published,
    eventType,
    version: '0',
    severity: 'INFO',
    displayMessage: 'Deactivate Okta user',
    actor: { id: '0oa1directoryagent', type: 'PublicClientApp', alternateId: 'AD agent' },
    outcome: { result: 'SUCCESS' },
    target: [{ id: userId, type: 'User', alternateId: login, displayName: 'x' }],
  };
}

function delivery(events: unknown[]) {
  return {
    eventType: 'com.okta.event_hook',
    eventTypeVersion: '1.0',
    cloudEventsVersion: '0.1',
    source: 'https://example.okta.test/api/v1/eventHooks/who1test',
    eventId: `b${Math.random().toString(16).slice(2)}`,
    eventTime: new Date().toISOString(),
    contentType: 'application/json',
    data: { events },
  };
}

describe('Okta Event Hooks', () => {
  let stack: Stack;
  let okta: OktaClient;
  let ssoAdmin: SSOAdminClient;

  beforeAll(async () => {
    stack = await startStack({
      oktaEventHooks: createOktaEventHookAdapter({ secrets: [HOOK_SECRET] }),
    });
    okta = new OktaClient({
      orgUrl: stack.okta.url,
      token: OKTA_TOKEN,
      cacheMiddleware: null,
      requestExecutor: new DefaultRequestExecutor({ maxRetries: 0, requestTimeout: 0 }),
    });
    ssoAdmin = new SSOAdminClient({
      region: 'us-east-1',
      endpoint: stack.aws.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  function post(body: unknown, secret = HOOK_SECRET) {
    return fetch(`${stack.url}/webhooks/okta`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: secret },
      body: JSON.stringify(body),
    });
  }

  async function directoryStatus(userId: string): Promise<DirectoryUserStatus | undefined> {
    const response = await fetch(`${stack.url}/directory/okta/${userId}`);

    return response.status === 200 ? ((await response.json()) as DirectoryUserStatus) : undefined;
  }

  async function assignmentsOf(principalId: string): Promise<string[]> {
    const out = await ssoAdmin.send(
      new ListAccountAssignmentsForPrincipalCommand({
        InstanceArn: stack.aws.instanceArn,
        PrincipalId: principalId,
        PrincipalType: 'USER',
      }),
    );

    return (out.AccountAssignments ?? []).map((a) => `${a.AccountId}/${a.PermissionSetArn}`);
  }

  /** Hires through HR, then grants one more assignment by hand, as an admin in AWS would. */
  async function hiredWithHandGrant(hrId: string) {
    await stack.sendGeneric(hire(hrId));
    const status = await eventually(
      async () => (await (await stack.status('generic', hrId)).json()) as PersonStatus,
      (s) => s.stage === 'active' && s.actual.awsUserId !== undefined && !s.converging,
    );
    const principalId = status.actual.awsUserId!;
    await ssoAdmin.send(
      new CreateAccountAssignmentCommand({
        InstanceArn: stack.aws.instanceArn,
        TargetId: '444444444444',
        TargetType: 'AWS_ACCOUNT',
        PermissionSetArn: stack.aws.permissionSetArn('Billing'),
        PrincipalType: 'USER',
        PrincipalId: principalId,
      }),
    );
    await eventually(
      () => assignmentsOf(principalId),
      (held) => held.length === 3,
    );

    return { userId: status.actual.oktaUserId!, principalId };
  }

  it("answers Okta's verification GET with the challenge, and only with the secret", async () => {
    const challenge = 'X1qT3sTChallenge-Value_42';

    const verified = await fetch(`${stack.url}/webhooks/okta`, {
      headers: { authorization: HOOK_SECRET, 'x-okta-verification-challenge': challenge },
    });
    const refused = await fetch(`${stack.url}/webhooks/okta`, {
      headers: { authorization: 'Bearer wrong', 'x-okta-verification-challenge': challenge },
    });

    expect(verified.status).toBe(200);
    expect(await verified.json()).toEqual({ verification: challenge });
    expect(refused.status).toBe(401);
  });

  it('takes every AWS assignment away from a user deactivated in Okta, and keeps a redelivery harmless', async () => {
    const { userId, principalId } = await hiredWithHandGrant('E7001');
    await okta.userApi.deactivateUser({ userId });
    const batch = delivery([
      logEvent(
        '9f1c7a10-0000-4000-8000-000000000001',
        'user.lifecycle.deactivate',
        userId,
        new Date().toISOString(),
      ),
      logEvent(
        '9f1c7a10-0000-4000-8000-000000000001',
        'user.lifecycle.deactivate',
        userId,
        new Date().toISOString(),
      ),
    ]);

    const first = await post(batch);
    const left = await eventually(
      () => directoryStatus(userId),
      (s) => s?.stage === 'left' && !s.checking && s.checkedAt !== undefined,
    );
    const again = await post(batch);
    const after = await eventually(
      () => directoryStatus(userId),
      (s) => (s?.recentEvents.length ?? 0) >= 2 && !s!.checking,
    );

    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ accepted: 1, status: [`/directory/okta/${userId}`] });
    expect(again.status).toBe(200);
    expect(left?.oktaStatus).toBe('DEPROVISIONED');
    expect(left?.removedAssignments).toHaveLength(3);
    expect(await assignmentsOf(principalId)).toEqual([]);
    expect(after?.recentEvents.map((e) => e.outcome)).toEqual(['applied', 'duplicate']);
  });

  it('removes nothing when Okta shows the user active, whatever a late event says', async () => {
    const { userId, principalId } = await hiredWithHandGrant('E7002');
    const earlier = new Date(Date.now() - 60_000).toISOString();
    const later = new Date().toISOString();

    const response = await post(
      delivery([
        // Out of order in the batch: the reactivation was published after the deactivation.
        logEvent(
          '9f1c7a10-0000-4000-8000-000000000003',
          'user.lifecycle.reactivate',
          userId,
          later,
        ),
        logEvent(
          '9f1c7a10-0000-4000-8000-000000000002',
          'user.lifecycle.deactivate',
          userId,
          earlier,
        ),
      ]),
    );
    const checked = await eventually(
      () => directoryStatus(userId),
      (s) => s?.checkedAt !== undefined && !s.checking && s.recentEvents.length === 2,
    );

    expect(response.status).toBe(200);
    expect(checked?.stage).toBe('active');
    expect(checked?.latest?.change).toBe('reactivated');
    expect(checked?.recentEvents.map((e) => e.change)).toEqual(['deactivated', 'reactivated']);
    expect(await assignmentsOf(principalId)).toHaveLength(3);
  });

  it("leaves alone the AWS access of whoever now holds a deleted user's login", async () => {
    const { principalId } = await hiredWithHandGrant('E7003');
    const ghost = '00uGHOSTE7003000001';

    const response = await post(
      delivery([
        logEvent(
          '9f1c7a10-0000-4000-8000-000000000004',
          'user.lifecycle.delete.initiated',
          ghost,
          new Date().toISOString(),
          'lin.hookfixture.e7003@example.test',
        ),
      ]),
    );
    const checked = await eventually(
      () => directoryStatus(ghost),
      (s) => s?.checkedAt !== undefined && !s.checking,
    );

    expect(response.status).toBe(200);
    expect(checked?.oktaStatus).toBe('DELETED');
    expect(checked?.heldBack).toBe('login_reused');
    expect(await assignmentsOf(principalId)).toHaveLength(3);
  });

  it('refuses a delivery without the secret and starts nothing', async () => {
    const response = await post(
      delivery([
        logEvent(
          '9f1c7a10-0000-4000-8000-000000000009',
          'user.lifecycle.deactivate',
          '00uNOBODY1',
          new Date().toISOString(),
        ),
      ]),
      'Bearer not-the-secret',
    );

    expect(response.status).toBe(401);
    expect(await directoryStatus('00uNOBODY1')).toBeUndefined();
  });
});

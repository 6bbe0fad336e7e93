import {
  DescribeUserCommand,
  GetUserIdCommand,
  type AlternateIdentifier,
  IdentitystoreClient,
  ListGroupMembershipsForMemberCommand,
  ListUsersCommand,
} from '@aws-sdk/client-identitystore';
import {
  CreateAccountAssignmentCommand,
  DeleteAccountAssignmentCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  DescribeAccountAssignmentDeletionStatusCommand,
  DescribePermissionSetCommand,
  ListAccountAssignmentsCommand,
  ListInstancesCommand,
  ListPermissionSetsCommand,
  paginateListAccountAssignmentsForPrincipal,
  SSOAdminClient,
  type AccountAssignmentOperationStatus,
  type CreateAccountAssignmentCommandInput,
} from '@aws-sdk/client-sso-admin';

import { startAwsEmulator, type AwsEmulator, type AwsEmulatorOptions } from '../../emulators/aws';

const CREDENTIALS = { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' };
const ACCOUNT_ID = '222233334444';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const FAKE_SIGNATURE =
  'AWS4-HMAC-SHA256 Credential=AKIDTEST/20260101/us-east-1/sso/aws4_request, ' +
  `SignedHeaders=host, Signature=${'0'.repeat(64)}`;

/** The one fake person of this file; tests vary the fields they care about. */
const ADA = {
  externalId: 'hr-0001',
  userName: 'ada.fixture@example.test',
  givenName: 'Ada',
  familyName: 'Fixture',
  displayName: 'Ada Fixture',
  email: 'ada.fixture@example.test',
  active: true,
};

const emulators: AwsEmulator[] = [];
const clients: { destroy(): void }[] = [];
let emu: AwsEmulator;
let sso: SSOAdminClient;
let ids: IdentitystoreClient;

async function startEmulator(options: AwsEmulatorOptions = {}): Promise<AwsEmulator> {
  const started = await startAwsEmulator({ assignmentDelayMs: 100, ...options });
  emulators.push(started);

  return started;
}

function ssoAdminFor(target: AwsEmulator, maxAttempts = 3): SSOAdminClient {
  const client = new SSOAdminClient({
    region: 'us-east-1',
    endpoint: target.url,
    credentials: CREDENTIALS,
    maxAttempts,
  });
  clients.push(client);

  return client;
}

function identityStoreFor(target: AwsEmulator, maxAttempts = 3): IdentitystoreClient {
  const client = new IdentitystoreClient({
    region: 'us-east-1',
    endpoint: target.url,
    credentials: CREDENTIALS,
    maxAttempts,
  });
  clients.push(client);

  return client;
}

async function admin(target: AwsEmulator, path: string, body?: unknown): Promise<Response> {
  return fetch(`${target.url}/__admin/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function pushUser(target: AwsEmulator, overrides: Partial<typeof ADA> = {}): Promise<string> {
  const response = await admin(target, 'scim/users', { ...ADA, ...overrides });
  expect(response.status).toBe(200);

  return ((await response.json()) as { UserId: string }).UserId;
}

interface AdminState {
  operations: unknown[];
  calls: Record<string, number>;
  inFlight: number;
  maxInFlightObserved: number;
}

async function adminState(target: AwsEmulator): Promise<AdminState> {
  return (await (await admin(target, 'state')).json()) as AdminState;
}

function assignmentInput(
  target: AwsEmulator,
  principalId: string,
  overrides: Partial<CreateAccountAssignmentCommandInput> = {},
): CreateAccountAssignmentCommandInput {
  return {
    InstanceArn: target.instanceArn,
    TargetId: ACCOUNT_ID,
    TargetType: 'AWS_ACCOUNT',
    PermissionSetArn: target.permissionSetArn('ReadOnlyAccess'),
    PrincipalType: 'USER',
    PrincipalId: principalId,
    ...overrides,
  };
}

type OperationStatus = AccountAssignmentOperationStatus | undefined;

async function createAssignment(
  principalId: string,
  overrides: Partial<CreateAccountAssignmentCommandInput> = {},
  target = emu,
  client = sso,
): Promise<OperationStatus> {
  const input = assignmentInput(target, principalId, overrides);

  return (await client.send(new CreateAccountAssignmentCommand(input)))
    .AccountAssignmentCreationStatus;
}

async function deleteAssignment(
  principalId: string,
  target = emu,
  client = sso,
): Promise<OperationStatus> {
  const input = assignmentInput(target, principalId);

  return (await client.send(new DeleteAccountAssignmentCommand(input)))
    .AccountAssignmentDeletionStatus;
}

/** Polls the matching Describe…Status call until the operation leaves IN_PROGRESS. */
async function settled(
  kind: 'creation' | 'deletion',
  started: OperationStatus,
): Promise<AccountAssignmentOperationStatus> {
  const InstanceArn = emu.instanceArn;
  const poll = async (): Promise<OperationStatus> =>
    kind === 'creation'
      ? (
          await sso.send(
            new DescribeAccountAssignmentCreationStatusCommand({
              InstanceArn,
              AccountAssignmentCreationRequestId: started?.RequestId,
            }),
          )
        ).AccountAssignmentCreationStatus
      : (
          await sso.send(
            new DescribeAccountAssignmentDeletionStatusCommand({
              InstanceArn,
              AccountAssignmentDeletionRequestId: started?.RequestId,
            }),
          )
        ).AccountAssignmentDeletionStatus;

  for (let attempt = 0; attempt < 50; attempt += 1) {
    const status = await poll();
    if (status !== undefined && status.Status !== 'IN_PROGRESS') {
      return status;
    }
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
  throw new Error('assignment operation never settled');
}

async function listedPrincipals(target = emu, client = sso): Promise<string[]> {
  const { AccountAssignments } = await client.send(
    new ListAccountAssignmentsCommand({
      InstanceArn: target.instanceArn,
      AccountId: ACCOUNT_ID,
      PermissionSetArn: target.permissionSetArn('ReadOnlyAccess'),
    }),
  );

  return (AccountAssignments ?? []).map((row) => row.PrincipalId ?? '');
}

/** The value a call resolved to, or the error it rejected with. */
function outcomeOf<T>(call: Promise<T>): Promise<T | unknown> {
  return call.catch((error: unknown) => error);
}

interface RecordedRequest {
  path: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** An SDK middleware that keeps each signed request as it leaves for the emulator. */
function recordRequests(sink: RecordedRequest[]) {
  return <A extends { request: unknown }, R>(next: (args: A) => Promise<R>) =>
    async (args: A): Promise<R> => {
      sink.push(args.request as RecordedRequest);

      return next(args);
    };
}

beforeAll(async () => {
  emu = await startEmulator();
  sso = ssoAdminFor(emu);
  ids = identityStoreFor(emu);
});

beforeEach(() => {
  emu.reset();
});

afterAll(async () => {
  clients.forEach((client) => client.destroy());
  await Promise.all(emulators.map((started) => started.close()));
});

describe('AWS emulator protocol', () => {
  it('receives SDK calls as signed JSON 1.1 POSTs and exposes its x-amzn-RequestId', async () => {
    const seen: RecordedRequest[] = [];
    const client = ssoAdminFor(emu);
    const store = identityStoreFor(emu);
    client.middlewareStack.add(recordRequests(seen), { step: 'deserialize' });
    store.middlewareStack.add(recordRequests(seen), { step: 'deserialize' });

    const instances = await client.send(new ListInstancesCommand({}));
    const users = await store.send(new ListUsersCommand({ IdentityStoreId: emu.identityStoreId }));

    expect(instances.$metadata.requestId).toMatch(UUID);
    expect(users.$metadata.requestId).toMatch(UUID);
    expect(seen.map((request) => request.path)).toEqual(['/', '/']);
    expect(seen[0]?.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(seen[0]?.headers['x-amz-target']).toBe('SWBExternalService.ListInstances');
    expect(seen[0]?.headers.authorization).toContain('/us-east-1/sso/aws4_request');
    expect(seen[1]?.headers['x-amz-target']).toBe('AWSIdentityStore.ListUsers');
    expect(seen[1]?.headers.authorization).toContain('/us-east-1/identitystore/aws4_request');
  });

  it('refuses a call without an Authorization header with MissingAuthenticationToken', async () => {
    const response = await fetch(emu.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'SWBExternalService.ListInstances' },
      body: '{}',
    });

    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-requestid')).toMatch(UUID);
    expect(await response.json()).toMatchObject({ __type: 'MissingAuthenticationToken' });
  });

  it('answers an unknown X-Amz-Target with UnknownOperationException 400', async () => {
    const target = 'SWBExternalService.DeleteInstance';

    const response = await fetch(emu.url, {
      method: 'POST',
      headers: { 'x-amz-target': target, authorization: FAKE_SIGNATURE },
      body: '{}',
    });

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(await response.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });
});

describe('sso-admin reads', () => {
  it('lists one ACTIVE instance with its identity store and an epoch CreatedDate', async () => {
    const { Instances } = await sso.send(new ListInstancesCommand({}));

    expect(Instances).toHaveLength(1);
    expect(Instances?.[0]).toMatchObject({
      InstanceArn: emu.instanceArn,
      IdentityStoreId: emu.identityStoreId,
      Status: 'ACTIVE',
    });
    expect(emu.instanceArn).toMatch(/^arn:aws:sso:::instance\/ssoins-[a-zA-Z0-9-.]{16}$/);
    expect(emu.identityStoreId).toMatch(/^d-[0-9a-f]{10}$/);
    expect(Instances?.[0]?.CreatedDate).toBeInstanceOf(Date);
  });

  it('describes every seeded permission set by the ARN it lists', async () => {
    const { PermissionSets } = await sso.send(
      new ListPermissionSetsCommand({ InstanceArn: emu.instanceArn }),
    );
    const { PermissionSet } = await sso.send(
      new DescribePermissionSetCommand({
        InstanceArn: emu.instanceArn,
        PermissionSetArn: emu.permissionSetArn('PowerUserAccess'),
      }),
    );

    expect(PermissionSets).toContain(emu.permissionSetArn('ReadOnlyAccess'));
    expect(emu.permissionSetArn('ReadOnlyAccess')).toMatch(
      /^arn:aws:sso:::permissionSet\/ssoins-[a-zA-Z0-9-.]{16}\/ps-[0-9a-f]{16}$/,
    );
    expect(PermissionSet).toMatchObject({ Name: 'PowerUserAccess', SessionDuration: 'PT4H' });
    expect(PermissionSet?.CreatedDate).toBeInstanceOf(Date);
  });
});

describe('account assignment lifecycle', () => {
  it('reports a new assignment IN_PROGRESS and lists it only after it has SUCCEEDED', async () => {
    const userId = await pushUser(emu);

    const started = await createAssignment(userId);
    const listedWhileInProgress = await listedPrincipals();
    const finished = await settled('creation', started);

    expect(started).toMatchObject({
      Status: 'IN_PROGRESS',
      TargetId: ACCOUNT_ID,
      TargetType: 'AWS_ACCOUNT',
      PermissionSetArn: emu.permissionSetArn('ReadOnlyAccess'),
      PrincipalType: 'USER',
      PrincipalId: userId,
    });
    expect(started?.RequestId).toMatch(UUID);
    expect(listedWhileInProgress).toEqual([]);
    expect(finished.Status).toBe('SUCCEEDED');
    expect(await listedPrincipals()).toEqual([userId]);
  });

  it('ends an assignment FAILED with the injected reason and never lists it', async () => {
    const userId = await pushUser(emu);
    emu.setFaults({ failNextAssignments: 1, failureReason: 'Quota exhausted in target account' });

    const finished = await settled('creation', await createAssignment(userId));

    expect(finished).toMatchObject({
      Status: 'FAILED',
      FailureReason: 'Quota exhausted in target account',
    });
    expect(await listedPrincipals()).toEqual([]);
  });

  it('answers a status query for an unknown request id with ResourceNotFoundException', async () => {
    const query = new DescribeAccountAssignmentCreationStatusCommand({
      InstanceArn: emu.instanceArn,
      AccountAssignmentCreationRequestId: '0b6f9e52-3c1d-4a5e-9f0a-2d7c8e1b4a63',
    });

    await expect(sso.send(query)).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('rejects a malformed account id or a missing required field with ValidationException', async () => {
    const userId = await pushUser(emu);
    const invalidFields = [
      { TargetId: '12345' },
      { InstanceArn: undefined },
      { PermissionSetArn: undefined },
      { PrincipalId: undefined },
    ];

    const outcomes = await Promise.all(
      invalidFields.map((fields) => outcomeOf(createAssignment(userId, fields))),
    );

    for (const outcome of outcomes) {
      expect(outcome).toMatchObject({
        name: 'ValidationException',
        $metadata: { httpStatusCode: 400, attempts: 1 },
      });
    }
    expect((await adminState(emu)).operations).toEqual([]);
  });

  it('refuses a create while a delete of the same assignment is in flight, in one attempt', async () => {
    const userId = await pushUser(emu);
    await settled('creation', await createAssignment(userId));
    await deleteAssignment(userId);

    const racingCreate = outcomeOf(createAssignment(userId));

    expect(await racingCreate).toMatchObject({
      name: 'ConflictException',
      $metadata: { httpStatusCode: 409, attempts: 1 },
    });
  });

  it('answers assignment writes with ConflictException at the injected conflict rate', async () => {
    const userId = await pushUser(emu);
    emu.setFaults({ conflictRate: 1 });

    const create = outcomeOf(createAssignment(userId));

    expect(await create).toMatchObject({ name: 'ConflictException' });
    expect((await adminState(emu)).operations).toEqual([]);
  });

  it('deletes an assignment under a new request id and drops it once SUCCEEDED', async () => {
    const userId = await pushUser(emu);
    const creation = await createAssignment(userId);
    await settled('creation', creation);

    const deletion = await deleteAssignment(userId);
    const listedWhileInProgress = await listedPrincipals();
    const finished = await settled('deletion', deletion);

    expect(deletion?.Status).toBe('IN_PROGRESS');
    expect(deletion?.RequestId).toMatch(UUID);
    expect(deletion?.RequestId).not.toBe(creation?.RequestId);
    expect(listedWhileInProgress).toEqual([userId]);
    expect(finished.Status).toBe('SUCCEEDED');
    expect(await listedPrincipals()).toEqual([]);
  });

  it('answers a duplicate create with a new request that succeeds without a second row', async () => {
    const userId = await pushUser(emu);
    const first = await createAssignment(userId);
    await settled('creation', first);

    const second = await createAssignment(userId);
    const finished = await settled('creation', second);

    expect(second?.RequestId).not.toBe(first?.RequestId);
    expect(finished.Status).toBe('SUCCEEDED');
    expect(await listedPrincipals()).toEqual([userId]);
  });

  it('treats a delete of an assignment that does not exist as a succeeded no-op', async () => {
    const userId = await pushUser(emu);

    const finished = await settled('deletion', await deleteAssignment(userId));

    expect(finished.Status).toBe('SUCCEEDED');
  });

  it('refuses or fails a delete of a missing assignment as deleteMissingAssignment says', async () => {
    const refusing = await startEmulator({ deleteMissingAssignment: 'not-found' });
    const failing = await startEmulator({ deleteMissingAssignment: 'fail', assignmentDelayMs: 0 });
    const failingClient = ssoAdminFor(failing);
    const userId = await pushUser(refusing);

    const refused = await outcomeOf(deleteAssignment(userId, refusing, ssoAdminFor(refusing)));
    const started = await deleteAssignment(userId, failing, failingClient);
    const { AccountAssignmentDeletionStatus: failed } = await failingClient.send(
      new DescribeAccountAssignmentDeletionStatusCommand({
        InstanceArn: failing.instanceArn,
        AccountAssignmentDeletionRequestId: started?.RequestId,
      }),
    );

    expect(refused).toMatchObject({ name: 'ResourceNotFoundException' });
    expect(failed).toMatchObject({ Status: 'FAILED', FailureReason: expect.any(String) });
  });

  it('answers the configured error past the in-flight bound', async () => {
    const tight = await startEmulator({
      maxInFlightAssignmentOps: 1,
      inFlightLimitError: 'ConflictException',
      checkPrincipalExists: false,
    });
    const client = ssoAdminFor(tight, 1);
    const userId = 'a1b2c3d4e5-0b6f9e52-3c1d-4a5e-9f0a-2d7c8e1b4a63';
    await createAssignment(userId, {}, tight, client);

    const second = outcomeOf(createAssignment(userId, { TargetId: '555566667777' }, tight, client));

    expect(await second).toMatchObject({ name: 'ConflictException', message: /outstanding/ });
  });

  it('refuses to assign a user the identity store does not know, unless the check is off', async () => {
    const lenient = await startEmulator({ checkPrincipalExists: false });
    const strangerId = 'a1b2c3d4e5-0b6f9e52-3c1d-4a5e-9f0a-2d7c8e1b4a63';

    const refused = await outcomeOf(createAssignment(strangerId));
    const accepted = await createAssignment(strangerId, {}, lenient, ssoAdminFor(lenient));

    expect(refused).toMatchObject({ name: 'ResourceNotFoundException' });
    expect(accepted?.Status).toBe('IN_PROGRESS');
  });

  it('refuses an assignment in the management account with AccessDeniedException', async () => {
    const userId = await pushUser(emu);

    const create = outcomeOf(createAssignment(userId, { TargetId: '111111111111' }));

    expect(await create).toMatchObject({
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('lists an in-progress assignment at once when listInProgressAssignments is on', async () => {
    const eager = await startEmulator({ listInProgressAssignments: true });
    const client = ssoAdminFor(eager);
    const userId = await pushUser(eager);

    await createAssignment(userId, {}, eager, client);

    expect(await listedPrincipals(eager, client)).toEqual([userId]);
  });

  it('pages assignments for a principal one per call and omits NextToken on the last page', async () => {
    const userId = await pushUser(emu);
    for (const name of ['ReadOnlyAccess', 'PowerUserAccess']) {
      const PermissionSetArn = emu.permissionSetArn(name);
      await settled('creation', await createAssignment(userId, { PermissionSetArn }));
    }
    const seen: RecordedRequest[] = [];
    const client = ssoAdminFor(emu);
    client.middlewareStack.add(recordRequests(seen), { step: 'deserialize' });
    const input = {
      InstanceArn: emu.instanceArn,
      PrincipalId: userId,
      PrincipalType: 'USER' as const,
    };

    const pages = [];
    for await (const page of paginateListAccountAssignmentsForPrincipal(
      { client, pageSize: 1 },
      input,
    )) {
      pages.push(page);
    }

    expect(pages.map((page) => page.AccountAssignments?.length)).toEqual([1, 1]);
    expect(seen).toHaveLength(2);
    expect(JSON.parse(new TextDecoder().decode(seen[1]?.body))).toMatchObject({
      MaxResults: 1,
      NextToken: expect.any(String),
    });
    expect(pages[0]?.NextToken).toEqual(expect.any(String));
    expect(pages[1]?.NextToken).toBeUndefined();
  });
});

describe('throttling and injected faults', () => {
  it('lets the SDK retry injected throttles and succeed on the third attempt', async () => {
    emu.setFaults({ throttleBurst: 2 });

    const answer = await sso.send(new ListInstancesCommand({}));

    expect(answer.$metadata.attempts).toBe(3);
    expect((await adminState(emu)).calls.ListInstances).toBe(3);
  });

  it('gives up with ThrottlingException after three throttled attempts', async () => {
    emu.setFaults({ throttleBurst: 3 });

    const call = sso.send(new ListInstancesCommand({}));

    await expect(call).rejects.toMatchObject({
      name: 'ThrottlingException',
      message: 'Rate exceeded',
      $metadata: { httpStatusCode: 429, attempts: 3 },
    });
  });

  it('throttles an assignment write beyond the in-flight bound', async () => {
    // Operations that stay in progress for a minute, so a slow machine cannot finish one early.
    const slow = await startEmulator({ assignmentDelayMs: 60_000 });
    const userId = await pushUser(slow);
    const client = ssoAdminFor(slow, 1);
    const accountIds = Array.from({ length: 11 }, (_, index) => `3333444455${10 + index}`);

    const outcomes = [];
    for (const TargetId of accountIds) {
      outcomes.push(await outcomeOf(createAssignment(userId, { TargetId }, slow, client)));
    }

    expect(outcomes.slice(0, 10).every((outcome) => !(outcome instanceof Error))).toBe(true);
    expect(outcomes[10]).toMatchObject({ name: 'ThrottlingException' });
    expect(await adminState(slow)).toMatchObject({ inFlight: 10, maxInFlightObserved: 10 });
  });

  it('throttles sso-admin calls beyond the configured calls per second', async () => {
    const slow = await startEmulator({ callsPerSecond: 3 });
    const client = ssoAdminFor(slow, 1);

    const outcomes = [];
    for (let call = 0; call < 4; call += 1) {
      outcomes.push(await outcomeOf(client.send(new ListInstancesCommand({}))));
    }

    expect(outcomes.slice(0, 3).every((outcome) => !(outcome instanceof Error))).toBe(true);
    expect(outcomes[3]).toMatchObject({ name: 'ThrottlingException' });
  });

  it('sends Retry-After on an identitystore throttle so the SDK waits about a second', async () => {
    emu.setFaults({ throttleBurst: 1 });
    const startedAt = Date.now();

    const answer = await ids.send(new ListUsersCommand({ IdentityStoreId: emu.identityStoreId }));

    expect(answer.$metadata.attempts).toBe(2);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(900);
  });

  it('answers InternalServerException 500 at the injected error rate', async () => {
    emu.setFaults({ errorRate: 1 });

    const call = ssoAdminFor(emu, 1).send(new ListInstancesCommand({}));

    await expect(call).rejects.toMatchObject({
      name: 'InternalServerException',
      $fault: 'server',
      $metadata: { httpStatusCode: 500 },
    });
  });

  it('destroys connections at the injected drop rate while admin routes keep answering', async () => {
    emu.setFaults({ dropRate: 1 });

    const call = ssoAdminFor(emu, 1).send(new ListInstancesCommand({}));

    await expect(call).rejects.toThrow();
    expect((await admin(emu, 'state')).status).toBe(200);
  });

  it('delays answers by the injected latency', async () => {
    emu.setFaults({ latencyMs: 200 });
    const startedAt = Date.now();

    await sso.send(new ListInstancesCommand({}));

    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(190);
  });

  it('sends ConflictException with status 400 under the observed status mapping', async () => {
    const observed = await startEmulator({ errorStatuses: 'observed' });
    const userId = await pushUser(observed);
    observed.setFaults({ conflictRate: 1 });

    const create = outcomeOf(createAssignment(userId, {}, observed, ssoAdminFor(observed)));

    expect(await create).toMatchObject({
      name: 'ConflictException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('rejects an unknown fault at POST /__admin/faults with 400', async () => {
    const response = await admin(emu, 'faults', { errorRat: 0.5 });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errorCode: 'admin.invalid_request' });
  });
});

describe('identitystore', () => {
  const getUserId = (AlternateIdentifier: AlternateIdentifier) =>
    ids.send(new GetUserIdCommand({ IdentityStoreId: emu.identityStoreId, AlternateIdentifier }));
  const byAttribute = (AttributePath: string, AttributeValue: string): AlternateIdentifier => ({
    UniqueAttribute: { AttributePath, AttributeValue },
  });

  it('finds a user by userName, by email and by SCIM external id', async () => {
    const userId = await pushUser(emu, { userName: 'ada@corp.test', email: 'ada.f@mail.test' });
    const lookups: AlternateIdentifier[] = [
      byAttribute('userName', 'ada@corp.test'),
      byAttribute('emails.value', 'ada.f@mail.test'),
      { ExternalId: { Issuer: 'SCIM', Id: ADA.externalId } },
    ];

    const answers = await Promise.all(lookups.map(getUserId));

    for (const answer of answers) {
      expect(answer).toMatchObject({ IdentityStoreId: emu.identityStoreId, UserId: userId });
    }
  });

  it('refuses an unknown userName as not found and displayName as an invalid path', async () => {
    await pushUser(emu);

    const unknown = outcomeOf(getUserId(byAttribute('userName', 'nobody@corp.test')));
    const badPath = outcomeOf(getUserId(byAttribute('displayName', ADA.displayName)));

    expect(await unknown).toMatchObject({
      name: 'ResourceNotFoundException',
      ResourceType: 'USER',
      RequestId: expect.stringMatching(UUID),
      $metadata: { httpStatusCode: 404 },
    });
    expect(await badPath).toMatchObject({ name: 'ValidationException' });
  });

  it('keeps the UserId when a later SCIM push renames and disables the user', async () => {
    const userId = await pushUser(emu);

    const renamedId = await pushUser(emu, { userName: 'ada.renamed@example.test', active: false });
    const found = await getUserId(byAttribute('userName', 'ada.renamed@example.test'));
    const described = await ids.send(
      new DescribeUserCommand({ IdentityStoreId: emu.identityStoreId, UserId: userId }),
    );

    expect(userId).toMatch(/^[0-9a-f]{10}-[0-9a-f-]{36}$/);
    expect(renamedId).toBe(userId);
    expect(found.UserId).toBe(userId);
    expect(described).toMatchObject({
      UserName: 'ada.renamed@example.test',
      UserStatus: 'DISABLED',
      Name: { GivenName: 'Ada', FamilyName: 'Fixture' },
    });
  });

  it('answers DescribeUser for an unknown id with ResourceNotFoundException naming it', async () => {
    const unknownId = 'a1b2c3d4e5-0b6f9e52-3c1d-4a5e-9f0a-2d7c8e1b4a63';

    const describe = ids.send(
      new DescribeUserCommand({ IdentityStoreId: emu.identityStoreId, UserId: unknownId }),
    );

    await expect(describe).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      ResourceType: 'USER',
      ResourceId: unknownId,
    });
  });

  it('lists the group memberships of a user with the member id echoed', async () => {
    const userId = await pushUser(emu);
    const loneId = await pushUser(emu, { externalId: 'hr-0002', userName: 'lone@example.test' });
    await admin(emu, 'scim/groups', { displayName: 'Engineering', memberExternalIds: ['hr-0001'] });
    const membershipsOf = (UserId: string) =>
      ids.send(
        new ListGroupMembershipsForMemberCommand({
          IdentityStoreId: emu.identityStoreId,
          MemberId: { UserId },
        }),
      );

    const member = await membershipsOf(userId);
    const loner = await membershipsOf(loneId);

    expect(member.GroupMemberships).toHaveLength(1);
    expect(member.GroupMemberships?.[0]?.MemberId).toEqual({ UserId: userId });
    expect(loner.GroupMemberships).toEqual([]);
  });
});

describe('admin back door', () => {
  it('forgets users, assignments, faults and counters on reset', async () => {
    const userId = await pushUser(emu);
    await settled('creation', await createAssignment(userId));
    emu.setFaults({ latencyMs: 5 });

    const response = await admin(emu, 'reset', {});
    const state = await adminState(emu);

    expect(response.status).toBe(200);
    expect(state).toMatchObject({
      users: [],
      assignments: [],
      operations: [],
      calls: {},
      faults: {},
      maxInFlightObserved: 0,
    });
  });
});

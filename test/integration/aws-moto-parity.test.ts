/**
 * Cross-checks emulators/aws against moto, an independent implementation of sso-admin and
 * identitystore (`moto[server]`, pinned in scripts/setup-tools.sh). The real SDK clients run the
 * same scenario against both and the test compares what activities/aws/sdk-identity-center.ts
 * relies on: which keys each response carries and their wire types, pagination, the GetUserId
 * round trip, ListAccountAssignments after a create and after a delete, and error names.
 *
 * moto cannot judge the asynchronous lifecycle, HTTP statuses, permission-set ARN shape or
 * throttling (shared/reference/okta-aws-api.md §4.2). Those are not compared: the tests under
 * "documented differences" pin each known gap instead, so a change on either side shows up here.
 */
import {
  CreateUserCommand,
  DescribeUserCommand,
  GetUserIdCommand,
  IdentitystoreClient,
} from '@aws-sdk/client-identitystore';
import {
  CreateAccountAssignmentCommand,
  CreatePermissionSetCommand,
  DeleteAccountAssignmentCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  DescribeAccountAssignmentDeletionStatusCommand,
  DescribePermissionSetCommand,
  ListAccountAssignmentsCommand,
  ListInstancesCommand,
  ListPermissionSetsCommand,
  paginateListAccountAssignments,
  paginateListPermissionSets,
  SSOAdminClient,
  type CreateAccountAssignmentCommandInput,
} from '@aws-sdk/client-sso-admin';

import { startAwsEmulator, type AwsEmulator, type AwsEmulatorOptions } from '../../emulators/aws';
import { startMotoServer, type MotoServer } from '../support/moto-server';

const CREDENTIALS = { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' };
const REGION = 'us-east-1';
const ACCOUNT_ID = '222233334444';
const POLL_INTERVAL_MS = 25;
const MAX_POLLS = 80;

// Model patterns (botocore service-2.json), the yardstick for the ARN and id differences.
const MODEL_PERMISSION_SET_ARN =
  /^arn:aws(-[a-z]{1,5}){0,3}:sso:::permissionSet\/(sso)?ins-[a-zA-Z0-9-.]{16}\/ps-[a-zA-Z0-9-./]{16}$/;
const MODEL_INSTANCE_ARN =
  /^arn:aws(-[a-z]{1,5}){0,3}:sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const MODEL_PRINCIPAL_ID = new RegExp(`^([0-9a-f]{10}-|)${UUID}$`);

/** Seeded identically on both sides: moto through CreatePermissionSet, the emulator by option. */
const PERMISSION_SETS = [
  {
    name: 'ReadOnlyAccess',
    description: 'Read-only access to the account',
    sessionDuration: 'PT1H',
  },
  { name: 'PowerUserAccess', description: 'Everything but IAM', sessionDuration: 'PT4H' },
  { name: 'AdministratorAccess', description: 'Full access', sessionDuration: 'PT1H' },
];

/** Fake people of this file; moto gets them through CreateUser, the emulator through SCIM. */
const PEOPLE = [
  {
    externalId: 'hr-7001',
    userName: 'ada.parity@example.test',
    givenName: 'Ada',
    familyName: 'Parity',
  },
  {
    externalId: 'hr-7002',
    userName: 'grace.parity@example.test',
    givenName: 'Grace',
    familyName: 'Parity',
  },
  {
    externalId: 'hr-7003',
    userName: 'alan.parity@example.test',
    givenName: 'Alan',
    familyName: 'Parity',
  },
] as const;
type Person = (typeof PEOPLE)[number];
const [ADA, GRACE, ALAN] = PEOPLE;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** One HTTP exchange as it crossed the wire, before the SDK deserialised it. */
interface WireRecord {
  operation: string;
  status: number;
  body: JsonObject;
}

interface Side {
  label: 'moto' | 'emulator';
  sso: SSOAdminClient;
  ids: IdentitystoreClient;
  wire: WireRecord[];
  instanceArn: string;
  identityStoreId: string;
  permissionSetArns: Map<string, string>;
  seedUser(person: Person): Promise<string>;
}

let moto: MotoServer | undefined;
let emulator: AwsEmulator | undefined;
const extraEmulators: AwsEmulator[] = [];
interface ClientPair {
  sso: SSOAdminClient;
  ids: IdentitystoreClient;
  wire: WireRecord[];
}
const clientsByUrl = new Map<string, ClientPair>();
let onMoto: Side;
let onEmulator: Side;

beforeAll(async () => {
  [moto, emulator] = await Promise.all([startMotoServer(), startAwsEmulator(emulatorOptions())]);
});

afterAll(async () => {
  for (const { sso, ids } of clientsByUrl.values()) {
    sso.destroy();
    ids.destroy();
  }
  await Promise.all([
    moto?.stop(),
    emulator?.close(),
    ...extraEmulators.map((extra) => extra.close()),
  ]);
});

beforeEach(async () => {
  await moto!.reset();
  emulator!.reset();
  onMoto = await seedMoto(moto!);
  onEmulator = seedEmulator(emulator!);
});

describe('the AWS emulator and moto agree on the read paths Tenure uses', () => {
  test('ListInstances answers one ACTIVE instance with the same keys and wire types', async () => {
    // Arrange: both sides as seeded.

    // Act
    const [fromMoto, fromEmulator] = await onBoth((side) =>
      exchange(side, () => side.sso.send(new ListInstancesCommand({}))),
    );

    // Assert
    for (const { body } of [fromMoto, fromEmulator]) {
      const instances = body.Instances as JsonObject[];
      expect(instances).toHaveLength(1);
      expect(instances[0]).toMatchObject({
        Status: 'ACTIVE',
        InstanceArn: expect.stringMatching(MODEL_INSTANCE_ARN),
      });
      expect(typeof instances[0]!.CreatedDate).toBe('number');
    }
    expectNoNextToken(fromMoto);
    expectNoNextToken(fromEmulator);
    // Documented difference: the emulator also sends PrimaryRegion (in the current model); moto
    // 5.2 does not model the multi-Region fields. Tenure reads neither.
    expectSameShape(fromMoto.body, fromEmulator.body, {
      emulatorOnly: ['Instances[].PrimaryRegion: string'],
    });
  });

  test('ListPermissionSets honours MaxResults and leaves NextToken off the last page', async () => {
    // Arrange: three permission sets on both sides.

    // Act
    const [fromMoto, fromEmulator] = await onBoth(async (side) => {
      const first = await exchange(side, () =>
        side.sso.send(
          new ListPermissionSetsCommand({ InstanceArn: side.instanceArn, MaxResults: 2 }),
        ),
      );
      const last = await exchange(side, () =>
        side.sso.send(
          new ListPermissionSetsCommand({
            InstanceArn: side.instanceArn,
            MaxResults: 2,
            NextToken: first.output.NextToken,
          }),
        ),
      );

      return { side, first, last };
    });

    // Assert
    for (const { side, first, last } of [fromMoto, fromEmulator]) {
      expect(first.body.PermissionSets).toHaveLength(2);
      expect(typeof first.body.NextToken).toBe('string');
      expect(last.body.PermissionSets).toHaveLength(1);
      expectNoNextToken(last);
      const listed = [
        ...(first.output.PermissionSets ?? []),
        ...(last.output.PermissionSets ?? []),
      ];
      expect(new Set(listed)).toEqual(new Set(side.permissionSetArns.values()));
    }
    expectSameShape(fromMoto.first.body, fromEmulator.first.body);
    expectSameShape(fromMoto.last.body, fromEmulator.last.body);
  });

  test('paginateListPermissionSets with pageSize 1 visits every permission set one page at a time', async () => {
    // Arrange: three permission sets on both sides.

    // Act
    const [fromMoto, fromEmulator] = await onBoth(async (side) => {
      const pages: string[][] = [];
      const paginator = paginateListPermissionSets(
        { client: side.sso, pageSize: 1 },
        { InstanceArn: side.instanceArn },
      );
      for await (const page of paginator) pages.push(page.PermissionSets ?? []);

      return { side, pages };
    });

    // Assert
    for (const { side, pages } of [fromMoto, fromEmulator]) {
      expect(pages.map((page) => page.length)).toEqual([1, 1, 1]);
      expect(new Set(pages.flat())).toEqual(new Set(side.permissionSetArns.values()));
    }
  });

  test('DescribePermissionSet answers the same keys, wire types and seeded values for every listed set', async () => {
    // Arrange: three permission sets on both sides.

    // Act
    const [fromMoto, fromEmulator] = await onBoth(async (side) => {
      const listed = await side.sso.send(
        new ListPermissionSetsCommand({ InstanceArn: side.instanceArn }),
      );
      const described = [];
      for (const arn of listed.PermissionSets ?? []) {
        described.push(
          await exchange(side, () =>
            side.sso.send(
              new DescribePermissionSetCommand({
                InstanceArn: side.instanceArn,
                PermissionSetArn: arn,
              }),
            ),
          ),
        );
      }

      return described.map(({ body }) => body.PermissionSet as JsonObject);
    });

    // Assert
    for (const described of [fromMoto, fromEmulator]) {
      const seen = described.map(({ Name, Description, SessionDuration }) => ({
        name: Name,
        description: Description,
        sessionDuration: SessionDuration,
      }));
      expect(sortByName(seen)).toEqual(sortByName(PERMISSION_SETS));
      for (const set of described) expect(typeof set.CreatedDate).toBe('number');
    }
    expectSameShape({ PermissionSet: fromMoto[0]! }, { PermissionSet: fromEmulator[0]! });
  });

  test('GetUserId by userName answers the UserId the seeding returned, with the same keys', async () => {
    // Arrange
    const [seededOnMoto, seededOnEmulator] = await onBoth((side) => side.seedUser(ADA));

    // Act
    const [fromMoto, fromEmulator] = await onBoth((side) =>
      exchange(side, () => getUserIdByName(side, ADA.userName)),
    );

    // Assert
    expect(fromMoto.output).toMatchObject({
      UserId: seededOnMoto,
      IdentityStoreId: onMoto.identityStoreId,
    });
    expect(fromEmulator.output).toMatchObject({
      UserId: seededOnEmulator,
      IdentityStoreId: onEmulator.identityStoreId,
    });
    expectSameShape(fromMoto.body, fromEmulator.body);
  });

  test('GetUserId for an unknown userName fails with ResourceNotFoundException naming ResourceType USER', async () => {
    // Arrange
    await onBoth((side) => side.seedUser(ADA));

    // Act
    const [fromMoto, fromEmulator] = await onBoth((side) =>
      failureOf(side, () => getUserIdByName(side, 'nobody.parity@example.test')),
    );

    // Assert: names and modelled members, not HTTP statuses (moto answers 400 for everything).
    for (const failure of [fromMoto, fromEmulator]) {
      expect(failure.name).toBe('ResourceNotFoundException');
      expect(failure.error).toMatchObject({ ResourceType: 'USER' });
      expect(typeof failure.body.RequestId).toBe('string');
    }
    // Documented difference: the emulator also names the looked-up value in ResourceId (a
    // modelled member); moto 5.2 leaves it out, and its RequestId is a fixed placeholder.
    expect(fromEmulator.error).toMatchObject({ ResourceId: 'nobody.parity@example.test' });
    expect(fromMoto.error.ResourceId).toBeUndefined();
  });

  test('CreateAccountAssignment and its creation status answer the same keys and echo the request', async () => {
    // Arrange
    const [onMotoInput, onEmulatorInput] = await onBoth(async (side) =>
      assignmentInput(side, await side.seedUser(ADA)),
    );

    // Act
    const [fromMoto, fromEmulator] = await onBoth(async (side) => {
      const input = side === onMoto ? onMotoInput : onEmulatorInput;
      const created = await exchange(side, () =>
        side.sso.send(new CreateAccountAssignmentCommand(input)),
      );
      const requestId = created.output.AccountAssignmentCreationStatus!.RequestId!;
      await settleCreation(side, requestId);
      const described = await exchange(side, () => describeCreation(side, requestId));

      return { input, created, described };
    });

    // Assert
    for (const { input, created, described } of [fromMoto, fromEmulator]) {
      for (const { body } of [created, described]) {
        const status = body.AccountAssignmentCreationStatus as JsonObject;
        expect(status).toMatchObject({
          TargetId: input.TargetId,
          TargetType: 'AWS_ACCOUNT',
          PermissionSetArn: input.PermissionSetArn,
          PrincipalType: 'USER',
          PrincipalId: input.PrincipalId,
          RequestId: expect.stringMatching(new RegExp(`^${UUID}$`)),
        });
        expect(typeof status.CreatedDate).toBe('number');
      }
      expect(described.output.AccountAssignmentCreationStatus?.Status).toBe('SUCCEEDED');
      expect(described.output.AccountAssignmentCreationStatus?.RequestId).toBe(
        created.output.AccountAssignmentCreationStatus?.RequestId,
      );
    }
    expectSameShape(fromMoto.created.body, fromEmulator.created.body);
    expectSameShape(fromMoto.described.body, fromEmulator.described.body);
  });

  test('ListAccountAssignments shows exactly the created assignment once its create has SUCCEEDED', async () => {
    // Arrange
    const [onMotoInput, onEmulatorInput] = await onBoth(async (side) => {
      const input = assignmentInput(side, await side.seedUser(ADA));
      await createAndSettle(side, input);

      return input;
    });

    // Act
    const [fromMoto, fromEmulator] = await onBoth((side) =>
      exchange(side, () => listAssignments(side)),
    );

    // Assert
    for (const [{ body }, input] of [
      [fromMoto, onMotoInput],
      [fromEmulator, onEmulatorInput],
    ] as const) {
      expect(body.AccountAssignments).toEqual([
        {
          AccountId: ACCOUNT_ID,
          PermissionSetArn: input.PermissionSetArn,
          PrincipalId: input.PrincipalId,
          PrincipalType: 'USER',
        },
      ]);
    }
    expectNoNextToken(fromMoto);
    expectNoNextToken(fromEmulator);
    expectSameShape(fromMoto.body, fromEmulator.body);
  });

  test('ListAccountAssignments honours MaxResults and leaves NextToken off the last page', async () => {
    // Arrange: three users assigned the same permission set in the same account.
    const [seededOnMoto, seededOnEmulator] = await onBoth((side) => assignEveryone(side));

    // Act
    const [fromMoto, fromEmulator] = await onBoth(async (side) => {
      const pages: Exchanged<Awaited<ReturnType<typeof listAssignments>>>[] = [];
      let nextToken: string | undefined;
      do {
        const page = await exchange(side, () =>
          listAssignments(side, { MaxResults: 1, NextToken: nextToken }),
        );
        pages.push(page);
        nextToken = page.output.NextToken;
      } while (nextToken !== undefined && pages.length < 10);

      return pages;
    });

    // Assert
    for (const [pages, seeded] of [
      [fromMoto, seededOnMoto],
      [fromEmulator, seededOnEmulator],
    ] as const) {
      expect(pages.map(({ body }) => (body.AccountAssignments as Json[]).length)).toEqual([
        1, 1, 1,
      ]);
      expect(pages.map(({ output }) => typeof output.NextToken)).toEqual([
        'string',
        'string',
        'undefined',
      ]);
      expectNoNextToken(pages[2]!);
      const principals = pages
        .flatMap(({ output }) => output.AccountAssignments ?? [])
        .map((row) => row.PrincipalId);
      expect(new Set(principals)).toEqual(new Set(seeded));
    }
    expectSameShape(fromMoto[0]!.body, fromEmulator[0]!.body);
    expectSameShape(fromMoto[2]!.body, fromEmulator[2]!.body);
  });

  test('paginateListAccountAssignments with pageSize 1 visits every assignment one page at a time', async () => {
    // Arrange: three users assigned the same permission set in the same account.
    const [seededOnMoto, seededOnEmulator] = await onBoth((side) => assignEveryone(side));

    // Act: the paginator Tenure's hasAssignment walks.
    const [fromMoto, fromEmulator] = await onBoth(async (side) => {
      const pages: string[][] = [];
      const paginator = paginateListAccountAssignments(
        { client: side.sso, pageSize: 1 },
        {
          InstanceArn: side.instanceArn,
          AccountId: ACCOUNT_ID,
          PermissionSetArn: readOnlyArn(side),
        },
      );
      for await (const page of paginator) {
        pages.push((page.AccountAssignments ?? []).map((row) => row.PrincipalId!));
      }

      return pages;
    });

    // Assert
    expect(fromMoto.map((page) => page.length)).toEqual([1, 1, 1]);
    expect(fromEmulator.map((page) => page.length)).toEqual([1, 1, 1]);
    expect(new Set(fromMoto.flat())).toEqual(new Set(seededOnMoto));
    expect(new Set(fromEmulator.flat())).toEqual(new Set(seededOnEmulator));
  });

  test('DeleteAccountAssignment and its deletion status answer the same keys and echo the request', async () => {
    // Arrange
    const [onMotoInput, onEmulatorInput] = await onBoth(async (side) => {
      const input = assignmentInput(side, await side.seedUser(ADA));
      await createAndSettle(side, input);

      return input;
    });

    // Act
    const [fromMoto, fromEmulator] = await onBoth(async (side) => {
      const input = side === onMoto ? onMotoInput : onEmulatorInput;
      const deleted = await exchange(side, () =>
        side.sso.send(new DeleteAccountAssignmentCommand(input)),
      );
      const requestId = deleted.output.AccountAssignmentDeletionStatus!.RequestId!;
      await settleDeletion(side, requestId);
      const described = await exchange(side, () => describeDeletion(side, requestId));

      return { input, deleted, described };
    });

    // Assert
    for (const { input, deleted, described } of [fromMoto, fromEmulator]) {
      for (const { body } of [deleted, described]) {
        const status = body.AccountAssignmentDeletionStatus as JsonObject;
        expect(status).toMatchObject({
          TargetId: input.TargetId,
          TargetType: 'AWS_ACCOUNT',
          PermissionSetArn: input.PermissionSetArn,
          PrincipalType: 'USER',
          PrincipalId: input.PrincipalId,
        });
        expect(typeof status.CreatedDate).toBe('number');
      }
      expect(described.output.AccountAssignmentDeletionStatus?.Status).toBe('SUCCEEDED');
    }
    expectSameShape(fromMoto.deleted.body, fromEmulator.deleted.body);
    expectSameShape(fromMoto.described.body, fromEmulator.described.body);
  });

  test('ListAccountAssignments answers an empty list once the delete has SUCCEEDED', async () => {
    // Arrange
    await onBoth(async (side) => {
      const input = assignmentInput(side, await side.seedUser(ADA));
      await createAndSettle(side, input);
      await deleteAndSettle(side, input);
    });

    // Act
    const [fromMoto, fromEmulator] = await onBoth((side) =>
      exchange(side, () => listAssignments(side)),
    );

    // Assert
    for (const exchanged of [fromMoto, fromEmulator]) {
      expect(exchanged.body.AccountAssignments).toEqual([]);
      expectNoNextToken(exchanged);
    }
    expectSameShape(fromMoto.body, fromEmulator.body);
  });

  test('an unknown creation RequestId fails with ResourceNotFoundException on both', async () => {
    // Arrange
    const unknownRequestId = '0f0e0d0c-0b0a-4909-8807-060504030201';

    // Act
    const [fromMoto, fromEmulator] = await onBoth((side) =>
      failureOf(side, () => describeCreation(side, unknownRequestId)),
    );

    // Assert
    expect(fromMoto.name).toBe('ResourceNotFoundException');
    expect(fromEmulator.name).toBe('ResourceNotFoundException');
    // Documented difference (§4.2.2): moto's sso-admin ResourceNotFound carries no Message, so the
    // SDK falls back to "UnknownError"; the emulator explains which request was not found.
    expect(fromMoto.body).toEqual({ __type: 'ResourceNotFoundException', message: '' });
    expect(fromMoto.error.message).toBe('UnknownError');
    expect(fromEmulator.error.message).toContain(unknownRequestId);
  });
});

describe('documented differences between the AWS emulator and moto', () => {
  test('moto answers creates and deletes SUCCEEDED at once; the emulator, like AWS, answers IN_PROGRESS first (moto gap §4.2.1)', async () => {
    // Arrange
    const [onMotoInput, onEmulatorInput] = await onBoth(async (side) =>
      assignmentInput(side, await side.seedUser(ADA)),
    );

    // Act
    const motoCreate = await onMoto.sso.send(new CreateAccountAssignmentCommand(onMotoInput));
    const motoDelete = await onMoto.sso.send(new DeleteAccountAssignmentCommand(onMotoInput));
    const emulatorCreate = await onEmulator.sso.send(
      new CreateAccountAssignmentCommand(onEmulatorInput),
    );
    const emulatorListedEarly = await listAssignments(onEmulator);
    await settleCreation(onEmulator, emulatorCreate.AccountAssignmentCreationStatus!.RequestId!);
    const emulatorDelete = await onEmulator.sso.send(
      new DeleteAccountAssignmentCommand(onEmulatorInput),
    );

    // Assert
    expect(motoCreate.AccountAssignmentCreationStatus?.Status).toBe('SUCCEEDED');
    expect(motoDelete.AccountAssignmentDeletionStatus?.Status).toBe('SUCCEEDED');
    expect(emulatorCreate.AccountAssignmentCreationStatus?.Status).toBe('IN_PROGRESS');
    expect(emulatorListedEarly.AccountAssignments).toEqual([]);
    expect(emulatorDelete.AccountAssignmentDeletionStatus?.Status).toBe('IN_PROGRESS');
  });

  test('moto reuses the creation RequestId for the deletion; the emulator issues a new one', async () => {
    // Arrange
    const [onMotoInput, onEmulatorInput] = await onBoth(async (side) =>
      assignmentInput(side, await side.seedUser(ADA)),
    );
    const motoCreated = await createAndSettle(onMoto, onMotoInput);
    const emulatorCreated = await createAndSettle(onEmulator, onEmulatorInput);

    // Act
    const motoDeleted = await deleteAndSettle(onMoto, onMotoInput);
    const emulatorDeleted = await deleteAndSettle(onEmulator, onEmulatorInput);

    // Assert
    expect(motoDeleted).toBe(motoCreated);
    expect(emulatorDeleted).not.toBe(emulatorCreated);
  });

  test('moto builds permission-set ARNs as instance/…/ps-…, which the model pattern and the emulator reject (moto gap §4.2.3)', async () => {
    // Arrange
    const motoArn = readOnlyArn(onMoto);
    const foreign = motoArn.replace(
      /^arn:aws:sso:::instance\/[^/]+\//,
      `${onEmulator.instanceArn}/`,
    );

    // Act
    const rejected = await failureOf(onEmulator, () =>
      onEmulator.sso.send(
        new DescribePermissionSetCommand({
          InstanceArn: onEmulator.instanceArn,
          PermissionSetArn: foreign,
        }),
      ),
    );

    // Assert
    expect(motoArn).toMatch(
      /^arn:aws:sso:::instance\/ssoins-[a-zA-Z0-9-.]{16}\/ps-[a-zA-Z0-9-./]{16}$/,
    );
    expect(motoArn).not.toMatch(MODEL_PERMISSION_SET_ARN);
    expect(readOnlyArn(onEmulator)).toMatch(MODEL_PERMISSION_SET_ARN);
    expect(rejected.name).toBe('ValidationException');
  });

  test('moto stores a duplicate create as a second row; the emulator keeps one (emulator choice §3.3)', async () => {
    // Arrange
    const [onMotoInput, onEmulatorInput] = await onBoth(async (side) =>
      assignmentInput(side, await side.seedUser(ADA)),
    );

    // Act
    await createAndSettle(onMoto, onMotoInput);
    await createAndSettle(onMoto, onMotoInput);
    await createAndSettle(onEmulator, onEmulatorInput);
    await createAndSettle(onEmulator, onEmulatorInput);
    const [fromMoto, fromEmulator] = await onBoth((side) => listAssignments(side));

    // Assert
    expect(fromMoto.AccountAssignments).toHaveLength(2);
    expect(fromEmulator.AccountAssignments).toHaveLength(1);
  });

  test('moto does not resolve GetUserId by ExternalId; the emulator resolves the SCIM externalId (moto gap §4.1)', async () => {
    // Arrange
    const [, seededOnEmulator] = await onBoth((side) => side.seedUser(ADA));

    // Act
    const [fromMoto, fromEmulator] = await onBoth((side) =>
      outcomeOf(() =>
        side.ids.send(
          new GetUserIdCommand({
            IdentityStoreId: side.identityStoreId,
            AlternateIdentifier: { ExternalId: { Issuer: 'SCIM', Id: ADA.externalId } },
          }),
        ),
      ),
    );

    // Assert: moto's CreateUser cannot record an ExternalId, and its GetUserId ignores the union arm.
    expect(fromMoto).toEqual({ failed: 'ResourceNotFoundException' });
    expect(fromEmulator).toMatchObject({ output: { UserId: seededOnEmulator } });
  });

  test('moto matches GetUserId userName case-sensitively; the emulator without regard to case (AWS undocumented)', async () => {
    // Arrange
    const [, seededOnEmulator] = await onBoth((side) => side.seedUser(ADA));

    // Act
    const [fromMoto, fromEmulator] = await onBoth((side) =>
      outcomeOf(() => getUserIdByName(side, ADA.userName.toUpperCase())),
    );

    // Assert
    expect(fromMoto).toEqual({ failed: 'ResourceNotFoundException' });
    expect(fromEmulator).toMatchObject({ output: { UserId: seededOnEmulator } });
  });

  test('moto answers every error with HTTP 400; the emulator uses the modelled status (moto gap §4.2.2)', async () => {
    // Arrange: no users.

    // Act
    const [fromMoto, fromEmulator] = await onBoth((side) =>
      failureOf(side, () => getUserIdByName(side, 'nobody.parity@example.test')),
    );

    // Assert
    expect(fromMoto).toMatchObject({ name: 'ResourceNotFoundException', status: 400 });
    expect(fromEmulator).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
  });

  test('moto user ids are bare UUIDs; the emulator prefixes 10 hex digits; both fit the PrincipalId pattern', async () => {
    // Arrange: nothing beyond the seeding.

    // Act
    const [onMotoId, onEmulatorId] = await onBoth((side) => side.seedUser(ADA));

    // Assert
    expect(onMotoId).toMatch(new RegExp(`^${UUID}$`));
    expect(onEmulatorId).toMatch(new RegExp(`^[0-9a-f]{10}-${UUID}$`));
    expect(onMotoId).toMatch(MODEL_PRINCIPAL_ID);
    expect(onEmulatorId).toMatch(MODEL_PRINCIPAL_ID);
  });

  test("moto draws its IdentityStoreId from letters and digits, wider than the model's d- plus 10 hex digits", () => {
    // Arrange and act: the ids ListInstances answered during seeding.

    // Assert: moto draws from [0-9a-z], so its ids usually fall outside d-[0-9a-f]{10}; they are
    // therefore never fed to the emulator, whose requests check the model pattern.
    expect(onMoto.identityStoreId).toMatch(/^d-[0-9a-z]{10}$/);
    expect(onEmulator.identityStoreId).toMatch(/^d-[0-9a-f]{10}$/);
  });

  test('a delete of a missing assignment: moto ResourceNotFoundException; the emulator a SUCCEEDED no-op unless deleteMissingAssignment is not-found', async () => {
    // Arrange
    const strict = await startAwsEmulator(
      emulatorOptions({ deleteMissingAssignment: 'not-found' }),
    );
    extraEmulators.push(strict);
    const onStrict = seedEmulator(strict);
    const [onMotoInput, onEmulatorInput, onStrictInput] = await Promise.all(
      [onMoto, onEmulator, onStrict].map(async (side) =>
        assignmentInput(side, await side.seedUser(ADA)),
      ),
    );

    // Act
    const fromMoto = await outcomeOf(() =>
      onMoto.sso.send(new DeleteAccountAssignmentCommand(onMotoInput!)),
    );
    const fromEmulator = await deleteAndSettle(onEmulator, onEmulatorInput!).then((requestId) =>
      describeDeletion(onEmulator, requestId),
    );
    const fromStrict = await outcomeOf(() =>
      onStrict.sso.send(new DeleteAccountAssignmentCommand(onStrictInput!)),
    );

    // Assert
    expect(fromMoto).toEqual({ failed: 'ResourceNotFoundException' });
    expect(fromEmulator.AccountAssignmentDeletionStatus?.Status).toBe('SUCCEEDED');
    expect(fromStrict).toEqual({ failed: 'ResourceNotFoundException' });
  });

  test('moto writes unset members as JSON null (NextToken on the last page, Instance Name); the emulator omits them; the SDK reads both as absent', async () => {
    // Arrange: no assignments.

    // Act
    const [listedOnMoto, listedOnEmulator] = await onBoth((side) =>
      exchange(side, () => listAssignments(side)),
    );
    const [instancesOnMoto, instancesOnEmulator] = await onBoth((side) =>
      exchange(side, () => side.sso.send(new ListInstancesCommand({}))),
    );

    // Assert
    expect(listedOnMoto.body).toEqual({ AccountAssignments: [], NextToken: null });
    expect(listedOnEmulator.body).toEqual({ AccountAssignments: [] });
    expect(listedOnMoto.output.NextToken).toBeUndefined();
    expect((instancesOnMoto.body.Instances as JsonObject[])[0]).toMatchObject({ Name: null });
    expect((instancesOnEmulator.body.Instances as JsonObject[])[0]).not.toHaveProperty('Name');
    expect(instancesOnMoto.output.Instances?.[0]).not.toHaveProperty('Name');
  });

  test('DescribeUser: the emulator adds the SCIM-provisioning keys that moto does not model (not on Tenure path)', async () => {
    // Arrange
    const [onMotoId, onEmulatorId] = await onBoth((side) => side.seedUser(ADA));

    // Act
    const [fromMoto, fromEmulator] = await onBoth((side) =>
      exchange(side, () =>
        side.ids.send(
          new DescribeUserCommand({
            IdentityStoreId: side.identityStoreId,
            UserId: side === onMoto ? onMotoId : onEmulatorId,
          }),
        ),
      ),
    );

    // Assert: the shared core agrees; the rest is what a SCIM push records and moto lacks (the
    // emulator also derives Name.Formatted from the given and family names; moto keeps only what
    // CreateUser sent). moto writes every unset member as JSON null, which counts as absent here.
    const core = { UserName: ADA.userName, Name: { GivenName: 'Ada', FamilyName: 'Parity' } };
    expect(fromMoto.output).toMatchObject(core);
    expect(fromEmulator.output).toMatchObject(core);
    expectSameShape(fromMoto.body, fromEmulator.body, {
      emulatorOnly: [
        'CreatedAt: number',
        'CreatedBy: string',
        'ExternalIds: array',
        'ExternalIds[]: object',
        'ExternalIds[].Id: string',
        'ExternalIds[].Issuer: string',
        'Name.Formatted: string',
        'UpdatedAt: number',
        'UpdatedBy: string',
        'UserStatus: string',
      ],
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Sides, seeding and wire capture
// ---------------------------------------------------------------------------------------------

function emulatorOptions(overrides: AwsEmulatorOptions = {}): AwsEmulatorOptions {
  return {
    region: REGION,
    assignmentDelayMs: 60,
    // Throttling is not compared (moto has none), and polling must not trip the rate ceiling.
    callsPerSecond: Infinity,
    permissionSets: PERMISSION_SETS,
    ...overrides,
  };
}

/** One pair of wire-tapped SDK clients per server, reused across tests; the wire log restarts. */
function clientsFor(url: string): ClientPair {
  let pair = clientsByUrl.get(url);
  if (pair === undefined) {
    // One attempt: a retry would hide a failure and add a second exchange to the wire log.
    const config = { region: REGION, endpoint: url, credentials: CREDENTIALS, maxAttempts: 1 };
    pair = { sso: new SSOAdminClient(config), ids: new IdentitystoreClient(config), wire: [] };
    tapWire(pair.sso.middlewareStack as unknown as TappableStack, pair.wire);
    tapWire(pair.ids.middlewareStack as unknown as TappableStack, pair.wire);
    clientsByUrl.set(url, pair);
  }
  pair.wire.length = 0;

  return pair;
}

/** moto is seeded through its own APIs on the instance it auto-creates for the account. */
async function seedMoto(server: MotoServer): Promise<Side> {
  const { sso, ids, wire } = clientsFor(server.url);
  const { Instances } = await sso.send(new ListInstancesCommand({}));
  const instance = Instances?.[0];
  if (!instance?.InstanceArn || !instance.IdentityStoreId)
    throw new Error('moto listed no instance');
  const { InstanceArn: instanceArn, IdentityStoreId: identityStoreId } = instance;

  const permissionSetArns = new Map<string, string>();
  for (const set of PERMISSION_SETS) {
    const created = await sso.send(
      new CreatePermissionSetCommand({
        InstanceArn: instanceArn,
        Name: set.name,
        Description: set.description,
        SessionDuration: set.sessionDuration,
      }),
    );
    permissionSetArns.set(set.name, created.PermissionSet!.PermissionSetArn!);
  }

  return {
    label: 'moto',
    sso,
    ids,
    wire,
    instanceArn,
    identityStoreId,
    permissionSetArns,
    seedUser: async (person) => {
      const created = await ids.send(
        new CreateUserCommand({
          IdentityStoreId: identityStoreId,
          UserName: person.userName,
          DisplayName: `${person.givenName} ${person.familyName}`,
          Name: { GivenName: person.givenName, FamilyName: person.familyName },
          Emails: [{ Value: person.userName, Type: 'work', Primary: true }],
        }),
      );

      return created.UserId!;
    },
  };
}

/** The emulator is seeded by option (permission sets) and its admin SCIM endpoint (users). */
function seedEmulator(target: AwsEmulator): Side {
  const { sso, ids, wire } = clientsFor(target.url);

  return {
    label: 'emulator',
    sso,
    ids,
    wire,
    instanceArn: target.instanceArn,
    identityStoreId: target.identityStoreId,
    permissionSetArns: new Map(
      PERMISSION_SETS.map(({ name }) => [name, target.permissionSetArn(name)]),
    ),
    seedUser: async (person) => {
      const response = await fetch(`${target.url}/__admin/scim/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          ...person,
          displayName: `${person.givenName} ${person.familyName}`,
          email: person.userName,
          active: true,
        }),
      });
      if (response.status !== 200) throw new Error(`SCIM seeding answered HTTP ${response.status}`);

      return ((await response.json()) as { UserId: string }).UserId;
    },
  };
}

/** Runs the same step on moto, then on the emulator (one after the other, never interleaved). */
async function onBoth<T>(step: (side: Side) => Promise<T>): Promise<[T, T]> {
  const fromMoto = await step(onMoto);
  const fromEmulator = await step(onEmulator);

  return [fromMoto, fromEmulator];
}

/** Sends one SDK call and pairs its output with the JSON body that crossed the wire. */
async function exchange<T>(side: Side, send: () => Promise<T>): Promise<Exchanged<T>> {
  const before = side.wire.length;
  const output = await send();
  const record = side.wire[side.wire.length - 1];
  if (side.wire.length !== before + 1 || record === undefined) {
    throw new Error(`expected one exchange on ${side.label}, saw ${side.wire.length - before}`);
  }

  return { output, body: record.body };
}

interface Exchanged<T> {
  output: T;
  body: JsonObject;
}

interface Failure {
  name: string;
  status: number | undefined;
  error: Error & Record<string, unknown>;
  body: JsonObject;
}

/** Runs a call that must fail and returns the SDK error with the error body from the wire. */
async function failureOf(side: Side, send: () => Promise<unknown>): Promise<Failure> {
  try {
    await send();
  } catch (caught) {
    const error = caught as Error &
      Record<string, unknown> & { $metadata?: { httpStatusCode?: number } };
    const record = side.wire[side.wire.length - 1];

    return {
      name: error.name,
      status: error.$metadata?.httpStatusCode,
      error,
      body: record?.body ?? {},
    };
  }
  throw new Error(`expected the call on ${side.label} to fail`);
}

async function outcomeOf<T>(send: () => Promise<T>): Promise<{ output: T } | { failed: string }> {
  try {
    return { output: await send() };
  } catch (error) {
    return { failed: (error as Error).name };
  }
}

interface TappableStack {
  add(
    middleware: (
      next: (args: unknown) => Promise<{ response: unknown }>,
      context: { commandName?: string },
    ) => (args: unknown) => Promise<{ response: unknown }>,
    options: { step: 'deserialize'; priority: 'low'; name: string },
  ): void;
}

/**
 * Records every raw response body. Added at the lowest priority of the deserialize step, it sits
 * between the HTTP handler and the SDK's deserializer, buffers the body, and hands the same
 * bytes on, so the SDK behaves exactly as without it.
 */
function tapWire(stack: TappableStack, wire: WireRecord[]): void {
  stack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const response = result.response as { statusCode: number; body: unknown };
      const bytes = await readAll(response.body);
      response.body = bytes;
      const text = bytes.toString('utf8');
      wire.push({
        operation: context.commandName ?? 'unknown',
        status: response.statusCode,
        body: text === '' ? {} : (JSON.parse(text) as JsonObject),
      });

      return result;
    },
    { step: 'deserialize', priority: 'low', name: 'motoParityWireTap' },
  );
}

async function readAll(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (body instanceof Uint8Array) return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  }

  return Buffer.concat(chunks);
}

// ---------------------------------------------------------------------------------------------
// Shapes
// ---------------------------------------------------------------------------------------------

/**
 * Every key path with its JSON type, e.g. `AccountAssignments[].PrincipalId: string`. A JSON
 * null counts as absent, as it does for the SDK's deserializer.
 */
function shapeOf(value: Json, path = ''): string[] {
  const paths = new Set<string>();
  const visit = (node: Json, at: string): void => {
    if (node === null) return;
    if (Array.isArray(node)) {
      if (at !== '') paths.add(`${at}: array`);
      for (const item of node) visit(item, `${at}[]`);
    } else if (typeof node === 'object') {
      if (at !== '') paths.add(`${at}: object`);
      for (const [key, child] of Object.entries(node))
        visit(child, at === '' ? key : `${at}.${key}`);
    } else {
      paths.add(`${at}: ${typeof node}`);
    }
  };
  visit(value, path);

  return [...paths].sort();
}

/** Asserts equal shapes apart from exactly the named, documented differences. */
function expectSameShape(
  fromMoto: JsonObject,
  fromEmulator: JsonObject,
  known: { emulatorOnly?: string[]; motoOnly?: string[] } = {},
): void {
  const motoShape = shapeOf(fromMoto);
  const emulatorShape = shapeOf(fromEmulator);
  expect({
    emulatorOnly: emulatorShape.filter((path) => !motoShape.includes(path)),
    motoOnly: motoShape.filter((path) => !emulatorShape.includes(path)),
  }).toEqual({
    emulatorOnly: [...(known.emulatorOnly ?? [])].sort(),
    motoOnly: [...(known.motoOnly ?? [])].sort(),
  });
}

/**
 * The last page carries no NextToken the SDK would follow. The emulator omits the key (§3.6);
 * moto sends `"NextToken": null`, which the SDK also drops (see the documented differences).
 */
function expectNoNextToken({ output, body }: Exchanged<object>): void {
  expect(body.NextToken ?? undefined).toBeUndefined();
  expect((output as { NextToken?: string }).NextToken).toBeUndefined();
}

function sortByName<T extends { name?: Json }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => String(a.name).localeCompare(String(b.name)));
}

// ---------------------------------------------------------------------------------------------
// Scenario steps
// ---------------------------------------------------------------------------------------------

function readOnlyArn(side: Side): string {
  return side.permissionSetArns.get('ReadOnlyAccess')!;
}

function assignmentInput(side: Side, principalId: string): CreateAccountAssignmentCommandInput {
  return {
    InstanceArn: side.instanceArn,
    TargetId: ACCOUNT_ID,
    TargetType: 'AWS_ACCOUNT',
    PermissionSetArn: readOnlyArn(side),
    PrincipalType: 'USER',
    PrincipalId: principalId,
  };
}

function getUserIdByName(side: Side, userName: string) {
  return side.ids.send(
    new GetUserIdCommand({
      IdentityStoreId: side.identityStoreId,
      AlternateIdentifier: {
        UniqueAttribute: { AttributePath: 'userName', AttributeValue: userName },
      },
    }),
  );
}

function listAssignments(side: Side, paging: { MaxResults?: number; NextToken?: string } = {}) {
  return side.sso.send(
    new ListAccountAssignmentsCommand({
      InstanceArn: side.instanceArn,
      AccountId: ACCOUNT_ID,
      PermissionSetArn: readOnlyArn(side),
      ...paging,
    }),
  );
}

function describeCreation(side: Side, requestId: string) {
  return side.sso.send(
    new DescribeAccountAssignmentCreationStatusCommand({
      InstanceArn: side.instanceArn,
      AccountAssignmentCreationRequestId: requestId,
    }),
  );
}

function describeDeletion(side: Side, requestId: string) {
  return side.sso.send(
    new DescribeAccountAssignmentDeletionStatusCommand({
      InstanceArn: side.instanceArn,
      AccountAssignmentDeletionRequestId: requestId,
    }),
  );
}

/** Polls a status until it leaves IN_PROGRESS (moto is SUCCEEDED at once), within MAX_POLLS. */
async function pollUntilSettled(read: () => Promise<string | undefined>): Promise<string> {
  for (let poll = 0; poll < MAX_POLLS; poll += 1) {
    const status = await read();
    if (status !== 'IN_PROGRESS') {
      if (status !== 'SUCCEEDED') throw new Error(`operation ended ${status}`);

      return status;
    }
    await new Promise((wake) => setTimeout(wake, POLL_INTERVAL_MS));
  }
  throw new Error(`operation still IN_PROGRESS after ${MAX_POLLS} polls`);
}

async function settleCreation(side: Side, requestId: string): Promise<void> {
  await pollUntilSettled(
    async () => (await describeCreation(side, requestId)).AccountAssignmentCreationStatus?.Status,
  );
}

async function settleDeletion(side: Side, requestId: string): Promise<void> {
  await pollUntilSettled(
    async () => (await describeDeletion(side, requestId)).AccountAssignmentDeletionStatus?.Status,
  );
}

/** Creates an assignment and waits until it SUCCEEDED; returns the creation RequestId. */
async function createAndSettle(
  side: Side,
  input: CreateAccountAssignmentCommandInput,
): Promise<string> {
  const created = await side.sso.send(new CreateAccountAssignmentCommand(input));
  const requestId = created.AccountAssignmentCreationStatus!.RequestId!;
  await settleCreation(side, requestId);

  return requestId;
}

/** Deletes an assignment and waits until it SUCCEEDED; returns the deletion RequestId. */
async function deleteAndSettle(
  side: Side,
  input: CreateAccountAssignmentCommandInput,
): Promise<string> {
  const deleted = await side.sso.send(new DeleteAccountAssignmentCommand(input));
  const requestId = deleted.AccountAssignmentDeletionStatus!.RequestId!;
  await settleDeletion(side, requestId);

  return requestId;
}

/** Seeds every person and assigns each ReadOnlyAccess in ACCOUNT_ID; returns their UserIds. */
async function assignEveryone(side: Side): Promise<string[]> {
  const userIds: string[] = [];
  for (const person of [ADA, GRACE, ALAN]) {
    const userId = await side.seedUser(person);
    await createAndSettle(side, assignmentInput(side, userId));
    userIds.push(userId);
  }

  return userIds;
}

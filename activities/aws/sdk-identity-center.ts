/**
 * The Identity Center port implemented with `@aws-sdk/client-sso-admin` and
 * `@aws-sdk/client-identitystore`. The only file that knows those SDKs; their errors leave it as
 * `AwsCallError`.
 */
import {
  IdentitystoreClient,
  GetUserIdCommand,
  ResourceNotFoundException as UserNotFound,
} from '@aws-sdk/client-identitystore';
import {
  CreateAccountAssignmentCommand,
  DeleteAccountAssignmentCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  DescribeAccountAssignmentDeletionStatusCommand,
  DescribePermissionSetCommand,
  ListInstancesCommand,
  SSOAdminClient,
  paginateListAccountAssignments,
  paginateListAccountAssignmentsForPrincipal,
  paginateListPermissionSets,
  type AccountAssignmentOperationStatus,
} from '@aws-sdk/client-sso-admin';

import {
  AwsCallError,
  PermissionSetNotFoundError,
  type AssignmentKey,
  type IdentityCenter,
  type OperationStatus,
} from './port';

export interface AwsSettings {
  region: string;
  /** Set for the emulator or a VPC endpoint; unset for real AWS. */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Discovered with ListInstances when unset. */
  instanceArn?: string;
  identityStoreId?: string;
}

/** Builds the port over new SDK clients; call once per worker, never at import time. */
export function createSdkIdentityCenter(settings: AwsSettings): IdentityCenter {
  const common = {
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
  };
  const admin = new SSOAdminClient(common);
  const store = new IdentitystoreClient(common);
  let instance: Promise<{ instanceArn: string; identityStoreId: string }> | undefined;
  const permissionSetArns = new Map<string, string>();

  function currentInstance() {
    instance ??= discoverInstance(admin, settings).catch((error: unknown) => {
      instance = undefined;
      throw error;
    });

    return instance;
  }

  return {
    findUserId: (userName) =>
      call(async () => {
        const { identityStoreId } = await currentInstance();
        try {
          const found = await store.send(
            new GetUserIdCommand({
              IdentityStoreId: identityStoreId,
              AlternateIdentifier: {
                UniqueAttribute: { AttributePath: 'userName', AttributeValue: userName },
              },
            }),
          );

          return found.UserId;
        } catch (error) {
          if (error instanceof UserNotFound) return undefined;
          throw error;
        }
      }),
    resolvePermissionSetArn: (nameOrArn) =>
      call(async () => {
        if (nameOrArn.startsWith('arn:')) return nameOrArn;
        const cached = permissionSetArns.get(nameOrArn);
        if (cached) return cached;
        const { instanceArn } = await currentInstance();
        for await (const page of paginateListPermissionSets(
          { client: admin },
          { InstanceArn: instanceArn },
        )) {
          for (const arn of page.PermissionSets ?? []) {
            const described = await admin.send(
              new DescribePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn }),
            );
            const name = described.PermissionSet?.Name;
            if (name) permissionSetArns.set(name, arn);
          }
        }
        const arn = permissionSetArns.get(nameOrArn);
        if (!arn) throw new PermissionSetNotFoundError(nameOrArn);

        return arn;
      }),
    hasAssignment: (key) =>
      call(async () => {
        const { instanceArn } = await currentInstance();
        const pages = paginateListAccountAssignments(
          { client: admin },
          {
            InstanceArn: instanceArn,
            AccountId: key.accountId,
            PermissionSetArn: key.permissionSetArn,
          },
        );
        for await (const page of pages) {
          const match = (page.AccountAssignments ?? []).some(
            (a) => a.PrincipalType === 'USER' && a.PrincipalId === key.principalId,
          );
          if (match) return true;
        }

        return false;
      }),
    listUserAssignments: (principalId) =>
      call(async () => {
        const { instanceArn } = await currentInstance();
        const pages = paginateListAccountAssignmentsForPrincipal(
          { client: admin },
          { InstanceArn: instanceArn, PrincipalId: principalId, PrincipalType: 'USER' },
        );
        const keys: AssignmentKey[] = [];
        for await (const page of pages) {
          for (const row of page.AccountAssignments ?? []) {
            if (row.AccountId && row.PermissionSetArn) {
              keys.push({
                accountId: row.AccountId,
                permissionSetArn: row.PermissionSetArn,
                principalId,
              });
            }
          }
        }

        return keys;
      }),
    startOperation: (operation, key) =>
      call(async () => {
        const { instanceArn } = await currentInstance();
        const input = assignmentInput(instanceArn, key);
        if (operation === 'create') {
          const out = await admin.send(new CreateAccountAssignmentCommand(input));

          return toStatus(out.AccountAssignmentCreationStatus);
        }
        const out = await admin.send(new DeleteAccountAssignmentCommand(input));

        return toStatus(out.AccountAssignmentDeletionStatus);
      }),
    describeOperation: (operation, requestId) =>
      call(async () => {
        const { instanceArn } = await currentInstance();
        if (operation === 'create') {
          const out = await admin.send(
            new DescribeAccountAssignmentCreationStatusCommand({
              InstanceArn: instanceArn,
              AccountAssignmentCreationRequestId: requestId,
            }),
          );

          return toStatus(out.AccountAssignmentCreationStatus);
        }
        const out = await admin.send(
          new DescribeAccountAssignmentDeletionStatusCommand({
            InstanceArn: instanceArn,
            AccountAssignmentDeletionRequestId: requestId,
          }),
        );

        return toStatus(out.AccountAssignmentDeletionStatus);
      }),
  };
}

async function discoverInstance(admin: SSOAdminClient, settings: AwsSettings) {
  if (settings.instanceArn && settings.identityStoreId) {
    return { instanceArn: settings.instanceArn, identityStoreId: settings.identityStoreId };
  }
  const listed = await admin.send(new ListInstancesCommand({}));
  const first = listed.Instances?.find((i) => i.Status === undefined || i.Status === 'ACTIVE');
  if (!first?.InstanceArn || !first.IdentityStoreId) {
    throw new AwsCallError(
      'No active IAM Identity Center instance is visible',
      'NoInstance',
      undefined,
    );
  }

  return { instanceArn: first.InstanceArn, identityStoreId: first.IdentityStoreId };
}

function assignmentInput(instanceArn: string, key: AssignmentKey) {
  return {
    InstanceArn: instanceArn,
    TargetId: key.accountId,
    TargetType: 'AWS_ACCOUNT' as const,
    PermissionSetArn: key.permissionSetArn,
    PrincipalType: 'USER' as const,
    PrincipalId: key.principalId,
  };
}

function toStatus(status: AccountAssignmentOperationStatus | undefined): OperationStatus {
  if (!status?.RequestId || !status.Status) {
    throw new AwsCallError(
      'IAM Identity Center returned no operation status',
      'InvalidResponse',
      200,
    );
  }

  return {
    requestId: status.RequestId,
    status: status.Status,
    ...(status.FailureReason ? { failureReason: status.FailureReason } : {}),
  };
}

async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AwsCallError || error instanceof PermissionSetNotFoundError) throw error;
    throw toCallError(error);
  }
}

function toCallError(error: unknown): AwsCallError {
  const e = error as {
    name?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
    $response?: { headers?: Record<string, string> };
    RetryAfterSeconds?: number;
  };
  const status = e.$metadata?.httpStatusCode;
  const name = status === undefined && !e.$metadata ? 'NetworkError' : (e.name ?? 'UnknownError');
  const retryAfter = e.RetryAfterSeconds !== undefined ? e.RetryAfterSeconds * 1000 : undefined;

  return new AwsCallError(`AWS ${name}: ${e.message ?? 'no message'}`, name, status, retryAfter);
}

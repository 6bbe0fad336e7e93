/**
 * The AWS IAM Identity Center port: finding the SCIM-synced user and managing account
 * assignments, in the project's own terms. The SDK-backed implementation is `sdk-identity-center.ts`.
 */

export interface AssignmentKey {
  accountId: string;
  permissionSetArn: string;
  principalId: string;
}

export type AssignmentOperation = 'create' | 'delete';

export interface OperationStatus {
  requestId: string;
  status: 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';
  failureReason?: string;
}

export interface IdentityCenter {
  /** The identity-store user id for a user name, or undefined when no such user exists (yet). */
  findUserId(userName: string): Promise<string | undefined>;
  /** Accepts a permission set ARN as it is, or looks a name up in the instance. */
  resolvePermissionSetArn(nameOrArn: string): Promise<string>;
  hasAssignment(key: AssignmentKey): Promise<boolean>;
  /** Every account assignment made to the user directly, whoever made it. */
  listUserAssignments(principalId: string): Promise<AssignmentKey[]>;
  startOperation(operation: AssignmentOperation, key: AssignmentKey): Promise<OperationStatus>;
  describeOperation(operation: AssignmentOperation, requestId: string): Promise<OperationStatus>;
}

/** An AWS call that did not succeed, as the port reports it. */
export class AwsCallError extends Error {
  constructor(
    message: string,
    /** The AWS error name, such as `ConflictException`; `NetworkError` when nothing answered. */
    readonly errorName: string,
    readonly httpStatus: number | undefined,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'AwsCallError';
  }
}

/** A permission set name the instance does not have. */
export class PermissionSetNotFoundError extends Error {
  readonly code = 'aws.permission_set_not_found';

  constructor(readonly permissionSet: string) {
    super(`No permission set named "${permissionSet}" in the IAM Identity Center instance`);
    this.name = 'PermissionSetNotFoundError';
  }
}

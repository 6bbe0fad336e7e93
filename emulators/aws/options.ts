import type { ScimGroupInput, ScimUserInput } from './directory';

/** What a delete of an assignment that does not exist does; AWS does not document it. */
export type MissingAssignmentDelete = 'succeed' | 'fail' | 'not-found';

/**
 * Which HTTP statuses errors carry: `modelled` follows the Smithy model (Conflict 409, Throttling
 * 429, AccessDenied 403); `observed` follows what real AWS has been seen sending (all three 400).
 */
export type ErrorStatusMapping = 'modelled' | 'observed';

/** The error answered when more assignment operations are in flight than the service allows. */
export type InFlightLimitError =
  'ThrottlingException' | 'ConflictException' | 'ServiceQuotaExceededException';

export interface PermissionSetSeed {
  name: string;
  description?: string;
  sessionDuration?: string;
}

export interface AwsEmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Requests must be signed for this region. */
  region?: string;
  instanceId?: string;
  identityStoreId?: string;
  /** Assignments targeting this account are refused with AccessDeniedException. */
  managementAccountId?: string;
  permissionSets?: PermissionSetSeed[];
  /** Users present at start and after every reset, as if pushed over SCIM. */
  users?: ScimUserInput[];
  groups?: ScimGroupInput[];
  /** How long an assignment operation stays IN_PROGRESS. */
  assignmentDelayMs?: number;
  maxInFlightAssignmentOps?: number;
  /** Shared sso-admin rate ceiling; Infinity turns it off. */
  callsPerSecond?: number;
  /** Whether a create for a USER principal must name a user of the identity store. */
  checkPrincipalExists?: boolean;
  deleteMissingAssignment?: MissingAssignmentDelete;
  /** Whether ListAccountAssignments shows assignments whose create is still IN_PROGRESS. */
  listInProgressAssignments?: boolean;
  errorStatuses?: ErrorStatusMapping;
  inFlightLimitError?: InFlightLimitError;
  /** The Issuer recorded on a SCIM user's externalId and matched by GetUserId's ExternalId. */
  externalIdIssuer?: string;
}

export type ResolvedOptions = Required<AwsEmulatorOptions>;

const INSTANCE_ID = /^(sso)?ins-[a-zA-Z0-9-.]{16}$/;
const IDENTITY_STORE_ID = /^d-[0-9a-f]{10}$/;
const ACCOUNT_ID = /^\d{12}$/;

const DEFAULTS: ResolvedOptions = {
  port: 0,
  host: '127.0.0.1',
  region: 'us-east-1',
  instanceId: 'ssoins-7223a1b2c3d4e5f6',
  identityStoreId: 'd-9067c3a1b2',
  managementAccountId: '111111111111',
  permissionSets: [
    { name: 'ReadOnlyAccess', description: 'Read-only access to the account' },
    { name: 'PowerUserAccess', description: 'Everything but IAM', sessionDuration: 'PT4H' },
    { name: 'AdministratorAccess', description: 'Full access', sessionDuration: 'PT1H' },
  ],
  users: [],
  groups: [],
  assignmentDelayMs: 300,
  maxInFlightAssignmentOps: 10,
  callsPerSecond: 20,
  checkPrincipalExists: true,
  deleteMissingAssignment: 'succeed',
  listInProgressAssignments: false,
  errorStatuses: 'modelled',
  inFlightLimitError: 'ThrottlingException',
  // Which issuer AWS records for a SCIM-pushed externalId is not documented.
  externalIdIssuer: 'SCIM',
};

/** Fills in defaults and rejects option values the real service could never have. */
export function resolveOptions(options: AwsEmulatorOptions): ResolvedOptions {
  const defined = Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  );
  const resolved: ResolvedOptions = { ...DEFAULTS, ...defined };

  if (!INSTANCE_ID.test(resolved.instanceId)) {
    throw new Error(`instanceId must look like ssoins- followed by 16 characters`);
  }
  if (!IDENTITY_STORE_ID.test(resolved.identityStoreId)) {
    throw new Error(`identityStoreId must be d- followed by 10 lower-case hex digits`);
  }
  if (!ACCOUNT_ID.test(resolved.managementAccountId)) {
    throw new Error(`managementAccountId must be 12 digits`);
  }
  const names = resolved.permissionSets.map((set) => set.name);
  if (new Set(names).size !== names.length) {
    throw new Error('permissionSets must have distinct names');
  }
  for (const key of ['assignmentDelayMs', 'maxInFlightAssignmentOps', 'callsPerSecond'] as const) {
    if (!(resolved[key] >= 0)) {
      throw new Error(`${key} must be a non-negative number`);
    }
  }

  return resolved;
}

/**
 * What the person should have in Okta and AWS now, and when that will next change: the output of
 * the plan step that the workflow converges the outside systems to.
 */

/** Where the person is in the joiner-mover-leaver lifecycle. */
export type Stage =
  /** Events arrived, but no hire yet (for example a termination that overtook it). */
  | 'pending'
  /** Hired, start instant not reached: the Okta user exists STAGED, nothing is granted. */
  | 'staged'
  | 'active'
  | 'on_leave'
  | 'terminated'
  /** HR withdrew the hire before the start date. */
  | 'rescinded';

/**
 * The Okta status Tenure drives the user to. `ABSENT`: the user this person's workflow created
 * should not exist. `UNMANAGED`: no hire is known, so Tenure touches nothing in Okta or AWS.
 */
export type OktaTargetStatus =
  'UNMANAGED' | 'ABSENT' | 'STAGED' | 'ACTIVE' | 'SUSPENDED' | 'DEPROVISIONED';

export interface AwsGrant {
  accountId: string;
  /** A permission set name or ARN, as the policy names it. */
  permissionSet: string;
}

export interface OktaTarget {
  status: OktaTargetStatus;
  /** The profile attributes Tenure owns; others on the user are left alone. */
  profile: Record<string, string>;
  groups: string[];
  /** Every group the policy manages: only these are ever removed. */
  managedGroups: string[];
  /** Whether a group the policy names but Okta lacks is created, or is an error. */
  createMissingGroups: boolean;
}

export interface AwsTarget {
  assignments: AwsGrant[];
  /** Every assignment the policy manages: only these are ever removed. */
  managedAssignments: AwsGrant[];
}

export interface TargetState {
  stage: Stage;
  okta: OktaTarget;
  aws: AwsTarget;
}

export type TransitionKind =
  | 'start'
  | 'leave_start'
  | 'leave_end'
  | 'termination'
  | 'attribute_change'
  | 'okta_user_deletion'
  /** Not an HR transition: the next attempt after a final error. */
  | 'retry';

/** A durable timer the workflow holds, and why. */
export interface PendingTransition {
  at: string;
  kind: TransitionKind;
  /** The local date behind it, in the person's time zone. */
  localDate: string;
  reason: string;
}

export interface Plan {
  evaluatedAt: string;
  timeZone: string;
  policyDigest: string;
  matchedRules: string[];
  /** The HR attributes in effect at the plan's instant (the start instant before day one). */
  attributes: Record<string, string>;
  target: TargetState;
  transitions: PendingTransition[];
}

export function grantKey(grant: AwsGrant): string {
  return `${grant.accountId}/${grant.permissionSet}`;
}

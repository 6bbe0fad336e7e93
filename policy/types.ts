/**
 * The access policy as the rest of Tenure sees it once parsed: plain JSON data, so that it can
 * travel through Temporal payloads and be recorded alongside what it decided.
 */
import type { LocalTime } from '../domain/instants';

/** One permission set on one AWS account; the set is a name or a full permission-set ARN. */
export interface AwsAssignmentGrant {
  accountId: string;
  permissionSet: string;
}

/** HR attributes a rule can match on with a list of accepted values. */
export const MATCH_KEYS = [
  'department',
  'title',
  'location',
  'employmentType',
  'costCenter',
] as const;

export type MatchKey = (typeof MATCH_KEYS)[number];

/** Every key must match (AND); a key matches when the attribute equals any listed value (OR). */
export type RuleConditions = { [key in MatchKey]?: string[] } & {
  /** A regular expression tested case-insensitively against the title. */
  titleMatches?: string;
};

export interface RuleGrant {
  oktaGroups: string[];
  oktaProfile: Record<string, string>;
  awsAssignments: AwsAssignmentGrant[];
}

export interface PolicyRule {
  name: string;
  /** Empty when the rule has no `when`: it applies to everyone. */
  when: RuleConditions;
  grant: RuleGrant;
}

export interface PolicyDefaults {
  timeZone: string;
  startTime: LocalTime;
  endTime: LocalTime;
  leaveStartTime: LocalTime;
  returnTime: LocalTime;
}

export interface OktaSettings {
  login: 'email' | 'template';
  loginTemplate?: string;
  emailTemplate?: string;
  createMissingGroups: boolean;
  managedGroups: string[];
}

export interface AwsSettings {
  removeOnLeave: boolean;
  managedPermissionSets: AwsAssignmentGrant[];
}

export interface TerminationSettings {
  /** `null` keeps the deactivated Okta user for good. */
  deleteOktaUserAfterDays: number | null;
}

/** The parsed, validated policy with every default filled in. */
export interface Policy {
  version: 1;
  /** Short sha256 of the source text: names the policy version in records and previews. */
  digest: string;
  defaults: PolicyDefaults;
  /** Location (as written, matched case-insensitively) to IANA zone. */
  timeZones: Record<string, string>;
  okta: OktaSettings;
  aws: AwsSettings;
  termination: TerminationSettings;
  rules: PolicyRule[];
}

/** What a person should have, by the policy, given their HR attributes. */
export interface DesiredAccess {
  /** Sorted, unique. */
  oktaGroups: string[];
  /** Merged in rule order; a later rule wins a conflicting attribute. */
  oktaProfile: Record<string, string>;
  /** Sorted by account then permission set, unique. */
  awsAssignments: AwsAssignmentGrant[];
  /** Names of the rules that matched, in policy order. */
  matchedRules: string[];
}

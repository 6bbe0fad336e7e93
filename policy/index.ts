/**
 * The access policy: a YAML file in git that says who gets which Okta groups, profile attributes
 * and AWS account assignments. Everything here is pure except `loadPolicyFile`.
 */
export { deriveLogin, type DerivedLogin } from './derive-login';
export { formatIssue, PolicyFileError, PolicyValidationError, type PolicyIssue } from './errors';
export { evaluatePolicy, managedAwsAssignments, managedOktaGroups } from './evaluate-policy';
export { examplePolicyPath, loadPolicyFile } from './load-policy-file';
export { parsePolicy } from './parse-policy';
export { resolveTimeZone } from './resolve-time-zone';
export type {
  AwsAssignmentGrant,
  AwsSettings,
  DesiredAccess,
  MatchKey,
  OktaSettings,
  Policy,
  PolicyDefaults,
  PolicyRule,
  RuleConditions,
  RuleGrant,
  TerminationSettings,
} from './types';

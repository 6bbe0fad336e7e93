/**
 * Decides what access a person should have from their HR attributes, and which access Tenure
 * owns at all. Pure and deterministic, so that a workflow can record the result as one step.
 */
import type { PersonAttributes } from '../domain/hr-event';
import {
  MATCH_KEYS,
  type AwsAssignmentGrant,
  type DesiredAccess,
  type Policy,
  type PolicyRule,
} from './types';

/** The groups, profile attributes and AWS assignments of every rule that matches the person. */
export function evaluatePolicy(policy: Policy, attributes: PersonAttributes): DesiredAccess {
  const matched = policy.rules.filter((rule) => ruleMatches(rule, attributes));

  return {
    oktaGroups: sortedUnique(matched.flatMap((rule) => rule.grant.oktaGroups)),
    // Object.assign in rule order lets a more specific rule, written later, override a general one.
    oktaProfile: Object.assign({}, ...matched.map((rule) => rule.grant.oktaProfile)),
    awsAssignments: sortedUniqueGrants(matched.flatMap((rule) => rule.grant.awsAssignments)),
    matchedRules: matched.map((rule) => rule.name),
  };
}

/** Every group Tenure may add or remove: those any rule grants, plus `okta.managedGroups`. */
export function managedOktaGroups(policy: Policy): string[] {
  const granted = policy.rules.flatMap((rule) => rule.grant.oktaGroups);

  return sortedUnique([...granted, ...policy.okta.managedGroups]);
}

/** Every assignment Tenure may create or delete: those any rule grants, plus the managed ones. */
export function managedAwsAssignments(policy: Policy): AwsAssignmentGrant[] {
  const granted = policy.rules.flatMap((rule) => rule.grant.awsAssignments);

  return sortedUniqueGrants([...granted, ...policy.aws.managedPermissionSets]);
}

function ruleMatches(rule: PolicyRule, attributes: PersonAttributes): boolean {
  for (const key of MATCH_KEYS) {
    const accepted = rule.when[key];
    if (accepted === undefined) continue;

    const actual = comparable(attributes[key]);
    if (actual === '' || !accepted.some((value) => comparable(value) === actual)) return false;
  }

  const { titleMatches } = rule.when;
  if (titleMatches !== undefined) {
    const title = attributes.title?.trim() ?? '';
    if (title === '' || !new RegExp(titleMatches, 'iu').test(title)) return false;
  }

  return true;
}

// HR systems differ in case and stray spaces ("Full-time", "Full-Time "); neither carries meaning.
function comparable(value: string | undefined): string {
  return (value ?? '').trim().toLowerCase();
}

function sortedUnique(values: string[]): string[] {
  return [...new Set(values)].sort(compareText);
}

function sortedUniqueGrants(grants: AwsAssignmentGrant[]): AwsAssignmentGrant[] {
  const byKey = new Map(
    grants.map((grant) => [`${grant.accountId}/${grant.permissionSet}`, grant] as const),
  );

  return [...byKey.values()]
    .map(({ accountId, permissionSet }) => ({ accountId, permissionSet }))
    .sort(
      (a, b) =>
        compareText(a.accountId, b.accountId) || compareText(a.permissionSet, b.permissionSet),
    );
}

// Code-unit order, not localeCompare: the result must not depend on the machine's locale.
function compareText(a: string, b: string): number {
  if (a < b) return -1;

  return a > b ? 1 : 0;
}

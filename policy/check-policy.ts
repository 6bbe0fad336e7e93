/**
 * Checks that span several fields of a policy whose shape is already valid; the schema checks
 * each field on its own.
 */
import type { PathSegment } from './locate';
import type { ParsedPolicy } from './schema';

export interface PathIssue {
  path: PathSegment[];
  message: string;
  /** Point at the key instead of its value, when the key itself is the mistake. */
  at?: 'key';
}

export function checkPolicy(policy: ParsedPolicy): PathIssue[] {
  return [...checkRuleNames(policy), ...checkLogin(policy), ...checkLocations(policy)];
}

// Rule names appear in previews and in each person's matched rules, so they must be unambiguous.
function checkRuleNames(policy: ParsedPolicy): PathIssue[] {
  const firstIndex = new Map<string, number>();
  const issues: PathIssue[] = [];

  policy.rules.forEach((rule, index) => {
    const key = rule.name.toLowerCase();
    const earlier = firstIndex.get(key);
    if (earlier === undefined) {
      firstIndex.set(key, index);
    } else {
      const message = `duplicate rule name "${rule.name}", already used by rules[${earlier}]`;
      issues.push({ path: ['rules', index, 'name'], message });
    }
  });

  return issues;
}

function checkLogin(policy: ParsedPolicy): PathIssue[] {
  const { login, loginTemplate } = policy.okta;

  if (login === 'template' && loginTemplate === undefined) {
    return [{ path: ['okta', 'login'], message: 'login: template needs an okta.loginTemplate' }];
  }
  if (login === 'email' && loginTemplate !== undefined) {
    const message = 'loginTemplate is used only with login: template; set that or remove this';

    return [{ path: ['okta', 'loginTemplate'], message }];
  }

  return [];
}

// Locations match case-insensitively, so two spellings of one place would be ambiguous.
function checkLocations(policy: ParsedPolicy): PathIssue[] {
  const seen = new Map<string, string>();
  const issues: PathIssue[] = [];

  for (const location of Object.keys(policy.timeZones)) {
    const key = location.trim().toLowerCase();
    const earlier = seen.get(key);
    if (earlier === undefined) {
      seen.set(key, location);
    } else {
      const message = `location "${location}" is listed twice (also as "${earlier}")`;
      issues.push({ path: ['timeZones', location], message, at: 'key' });
    }
  }

  return issues;
}

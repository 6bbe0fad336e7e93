/**
 * Turns the text of a policy file into a validated `Policy`, or into one error that lists every
 * problem with its line and column. Pure: no file or network access.
 */
import { createHash } from 'node:crypto';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';

import { checkPolicy, type PathIssue } from './check-policy';
import { PolicyValidationError, type PolicyIssue } from './errors';
import { formatPath, locate } from './locate';
import { policySchema, type ParsedPolicy } from './schema';
import type { Policy } from './types';

/**
 * Parses and validates policy YAML; `fileName` only labels the issues.
 * @throws PolicyValidationError (`policy.invalid`) for YAML syntax and policy format errors
 */
export function parsePolicy(source: string, fileName = 'policy.yaml'): Policy {
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, prettyErrors: false });

  if (document.errors.length > 0) {
    const issues = document.errors.map((error) => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      // yaml's own wording for this one names a library function the reader cannot call.
      const message =
        error.code === 'MULTIPLE_DOCS'
          ? 'a policy file holds one YAML document; remove the ---'
          : error.message;

      return { line, column: col, path: '', message };
    });
    throw new PolicyValidationError(fileName, issues);
  }

  if (document.contents === null) {
    const message = 'the policy file is empty; start from policy/example-policy.yaml';
    throw new PolicyValidationError(fileName, [{ line: 1, column: 1, path: '', message }]);
  }

  const parsed = policySchema.safeParse(toPlainData(document, fileName));
  if (!parsed.success) {
    const issues = parsed.error.issues.flatMap(toPathIssues);
    throw new PolicyValidationError(fileName, positioned(issues, document, lineCounter));
  }

  const crossIssues = checkPolicy(parsed.data);
  if (crossIssues.length > 0) {
    throw new PolicyValidationError(fileName, positioned(crossIssues, document, lineCounter));
  }

  return normalise(parsed.data, digestOf(source));
}

function toPlainData(document: Document, fileName: string): unknown {
  try {
    return document.toJS();
  } catch (error) {
    // toJS refuses documents whose aliases expand without bound (a "billion laughs" file).
    const message = error instanceof Error ? error.message : String(error);
    throw new PolicyValidationError(fileName, [{ line: 1, column: 1, path: '', message }]);
  }
}

function toPathIssues(issue: z.core.$ZodIssue): PathIssue[] {
  const path = issue.path.filter((segment) => typeof segment !== 'symbol');

  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: [...path, key],
      message: `unknown key "${key}"; ${issue.message}`,
      at: 'key' as const,
    }));
  }
  if (issue.code === 'invalid_key') {
    return [{ path, message: issue.issues[0]?.message ?? issue.message, at: 'key' }];
  }

  return [{ path, message: issue.message }];
}

function positioned(
  issues: PathIssue[],
  document: Document,
  lineCounter: LineCounter,
): PolicyIssue[] {
  return issues
    .map((issue) => {
      const { line, column, found } = locate(document, lineCounter, issue.path, issue.at);
      const missingKey = found ? undefined : issue.path[issue.path.length - 1];
      const message =
        typeof missingKey === 'string' ? `missing required key "${missingKey}"` : issue.message;

      return { line, column, path: formatPath(issue.path), message };
    })
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

function digestOf(source: string): string {
  return createHash('sha256').update(source, 'utf8').digest('hex').slice(0, 12);
}

// Rebuilds the policy field by field so that it holds exactly the documented shape.
function normalise(parsed: ParsedPolicy, digest: string): Policy {
  return {
    version: parsed.version,
    digest,
    defaults: { ...parsed.defaults },
    timeZones: { ...parsed.timeZones },
    okta: { ...parsed.okta, managedGroups: unique(parsed.okta.managedGroups) },
    aws: { ...parsed.aws },
    termination: { ...parsed.termination },
    rules: parsed.rules.map((rule) => ({
      name: rule.name,
      when: { ...rule.when },
      grant: {
        oktaGroups: unique(rule.grant.oktaGroups),
        oktaProfile: { ...rule.grant.oktaProfile },
        awsAssignments: rule.grant.awsAssignments.map((grant) => ({ ...grant })),
      },
    })),
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** Errors of loading an access policy, each with a stable `area.reason` code. */

export interface PolicyIssue {
  /** 1-based line of the offending node in the policy file. */
  line: number;
  /** 1-based column of the offending node. */
  column: number;
  /** Where in the policy, such as `rules[1].when.department`; empty for YAML syntax errors. */
  path: string;
  message: string;
}

/** The policy file is not valid YAML or does not follow the policy format. */
export class PolicyValidationError extends Error {
  readonly code = 'policy.invalid';

  constructor(
    readonly fileName: string,
    readonly issues: PolicyIssue[],
  ) {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    const lines = issues.map((issue) => `  ${formatIssue(fileName, issue)}`);
    super([`The access policy ${fileName} has ${count}:`, ...lines].join('\n'));
    this.name = 'PolicyValidationError';
  }
}

/** The policy file could not be read at all. */
export class PolicyFileError extends Error {
  readonly code = 'policy.file_unreadable';

  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`Cannot read the access policy file ${path}: ${reason}`, { cause });
    this.name = 'PolicyFileError';
  }
}

/** `policy.yaml:12:5 rules[1].when.department: expected a string or a list of strings` */
export function formatIssue(fileName: string, issue: PolicyIssue): string {
  const where = `${fileName}:${issue.line}:${issue.column}`;

  return issue.path ? `${where} ${issue.path}: ${issue.message}` : `${where} ${issue.message}`;
}

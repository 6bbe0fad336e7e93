import { validationError } from './errors';

export type Input = Record<string, unknown>;

const UUID = '[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}';
const LOWER_UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** Request patterns from the sso-admin and identitystore models; the SDK checks none of them. */
export const PATTERNS = {
  instanceArn: /^arn:aws(-[a-z]{1,5}){0,3}:sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/,
  permissionSetArn: new RegExp(
    '^arn:aws(-[a-z]{1,5}){0,3}:sso:::permissionSet/(sso)?ins-[a-zA-Z0-9-.]{16}' +
      '/ps-[a-zA-Z0-9-./]{16}$',
  ),
  accountId: /^\d{12}$/,
  principalId: new RegExp(`^([0-9a-f]{10}-|)${UUID}$`),
  requestId: new RegExp(`^${LOWER_UUID}$`),
  nextToken: /^[-a-zA-Z0-9+=/_]*$/,
  identityStoreId: new RegExp(`^(d-[0-9a-f]{10}|${LOWER_UUID})$`),
  resourceId: new RegExp(`^([0-9a-f]{10}-|)${UUID}$`),
};

function memberName(field: string): string {
  return field.charAt(0).toLowerCase() + field.slice(1);
}

function constraintError(value: unknown, field: string, constraint: string): Error {
  const shown = value === undefined || value === null ? 'null' : `'${String(value)}'`;

  return validationError(
    `1 validation error detected: Value ${shown} at '${memberName(field)}' failed to satisfy ` +
      `constraint: ${constraint}`,
  );
}

export function optionalString(input: Input, field: string, pattern?: RegExp): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw validationError(`Member ${memberName(field)} must be a string`);
  }
  if (pattern !== undefined && !pattern.test(value)) {
    const constraint = `Member must satisfy regular expression pattern: ${pattern.source}`;
    throw constraintError(value, field, constraint);
  }

  return value;
}

export function requiredString(input: Input, field: string, pattern?: RegExp): string {
  const value = optionalString(input, field, pattern);
  if (value === undefined) {
    throw constraintError(undefined, field, 'Member must not be null');
  }

  return value;
}

export function requiredEnum<T extends string>(
  input: Input,
  field: string,
  values: readonly T[],
): T {
  const value = requiredString(input, field);
  if (!(values as readonly string[]).includes(value)) {
    const constraint = `Member must satisfy enum value set: [${values.join(', ')}]`;
    throw constraintError(value, field, constraint);
  }

  return value as T;
}

export function optionalObject(input: Input, field: string): Input | undefined {
  const value = input[field];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw validationError(`Member ${memberName(field)} must be a structure`);
  }

  return value as Input;
}

export function requiredObject(input: Input, field: string): Input {
  const value = optionalObject(input, field);
  if (value === undefined) {
    throw constraintError(undefined, field, 'Member must not be null');
  }

  return value;
}

export interface PageRequest {
  maxResults: number | undefined;
  nextToken: string | undefined;
}

export function pageRequest(input: Input): PageRequest {
  const maxResults = input.MaxResults;
  if (
    maxResults !== undefined &&
    !(Number.isInteger(maxResults) && (maxResults as number) >= 1 && (maxResults as number) <= 100)
  ) {
    throw constraintError(maxResults, 'MaxResults', 'Member must have value between 1 and 100');
  }
  const nextToken = optionalString(input, 'NextToken', PATTERNS.nextToken);
  if (nextToken !== undefined && nextToken.length > 2048) {
    const constraint = 'Member must have length less than or equal to 2048';
    throw constraintError(nextToken, 'NextToken', constraint);
  }

  return { maxResults: maxResults as number | undefined, nextToken };
}

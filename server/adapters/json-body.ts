/**
 * Turning a verified delivery's bytes into validated data, with errors that name the field path
 * and the rule broken but never the value, which may be personal data.
 */
import type { z } from 'zod';

import { IntakeError, type IncomingDelivery } from './types';

const JSON_MEDIA_TYPE = /^application\/([a-z0-9.+-]+\+)?json$/;

/**
 * The body parsed as JSON. Call only after the signature has been checked, so that nothing from
 * an unauthenticated sender is ever parsed.
 */
export function readJsonBody(delivery: IncomingDelivery): unknown {
  const contentType = delivery.headers['content-type'];
  if (contentType !== undefined && !isJsonUtf8(contentType)) {
    throw new IntakeError(
      415,
      'intake.unsupported_media_type',
      'Content-Type must be application/json (UTF-8); configure the sender to post JSON',
    );
  }

  let text: string;
  try {
    // Fatal decoding: a body with broken UTF-8 is refused instead of silently patched.
    text = new TextDecoder('utf-8', { fatal: true }).decode(delivery.rawBody);
  } catch {
    throw new IntakeError(400, 'intake.invalid_body', 'Body is not valid UTF-8');
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    // JSON.parse's own message quotes part of the body, so it is not passed on.
    throw new IntakeError(400, 'intake.invalid_body', 'Body is not valid JSON');
  }
  // Deep nesting is never meaningful here, and recursive code downstream must not overflow.
  if (depthOf(parsed) > MAX_DEPTH) {
    throw new IntakeError(
      400,
      'intake.invalid_body',
      `Body is nested deeper than ${MAX_DEPTH} levels`,
    );
  }

  return parsed;
}

const MAX_DEPTH = 32;

/** The nesting depth of parsed JSON, measured without recursion. */
function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_DEPTH) return deepest;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }

  return deepest;
}

function isJsonUtf8(contentType: string): boolean {
  const [mediaType = '', ...parameters] = contentType.split(';').map((part) => part.trim());
  const charset = parameters
    .map((parameter) => parameter.toLowerCase())
    .find((parameter) => parameter.startsWith('charset='));

  return (
    JSON_MEDIA_TYPE.test(mediaType.toLowerCase()) &&
    (charset === undefined || /^charset="?utf-8"?$/.test(charset))
  );
}

/** The schema's output, or a 400 listing the first few problems as `path: rule`. */
export function parseWithSchema<T extends z.ZodType>(schema: T, data: unknown): z.output<T> {
  const result = schema.safeParse(data, { error: describeIssue });
  if (result.success) return result.data;

  const problems = result.error.issues.slice(0, 5).map((issue) => {
    // An unknown key is reported on its parent object; name the key itself instead.
    const path =
      issue.code === 'unrecognized_keys' ? [...issue.path, ...issue.keys.slice(0, 1)] : issue.path;

    return `${formatPath(path)}: ${issue.message}`;
  });

  throw new IntakeError(400, 'intake.invalid_body', problems.join('; '));
}

/** A 400 for one field, in the same `path: rule` form as schema failures. */
export function invalidField(path: readonly PropertyKey[], rule: string): IntakeError {
  return new IntakeError(400, 'intake.invalid_body', `${formatPath(path)}: ${rule}`);
}

/** `employees[0].fields["Hire Date"]`: dotted where a key is a plain name, bracketed otherwise. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'body';

  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      const key = String(segment).slice(0, 64);
      if (/^[A-Za-z_$][\w$]*$/.test(key)) return index === 0 ? key : `.${key}`;

      return `[${JSON.stringify(key)}]`;
    })
    .join('');
}

/**
 * Messages for zod's built-in checks, written so that none of them can contain the input. Checks
 * that carry their own message in the schema keep it.
 */
function describeIssue(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `expected ${issue.expected}`;
    case 'unrecognized_keys':
      return 'unknown key; the format is strict so that a typo is not silently ignored';
    case 'invalid_value':
      return `expected one of ${issue.values.map((value) => String(value)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'string'
        ? 'must not be empty'
        : `must have at least ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'string'
        ? `must be at most ${issue.maximum} characters`
        : `must have at most ${issue.maximum}`;
    case 'invalid_format':
      return 'has an invalid format';
    default:
      return 'is invalid';
  }
}

/**
 * The one place the policy module touches the file system: read the file, then hand its text to
 * the pure parser.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { PolicyFileError } from './errors';
import { parsePolicy } from './parse-policy';
import type { Policy } from './types';

/**
 * Reads and validates the policy file at `path`.
 * @throws PolicyFileError (`policy.file_unreadable`) when the file cannot be read
 * @throws PolicyValidationError (`policy.invalid`) when its content is not a valid policy
 */
export function loadPolicyFile(path: string): Policy {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (error) {
    throw new PolicyFileError(path, error);
  }

  // The path as given, so that `path:line:column` in an error opens in an editor.
  return parsePolicy(source, path);
}

/**
 * Where the shipped example policy is, both when run from source and from the compiled `dist/`
 * tree (tsc does not copy YAML files, so there it is two folders up, beside the sources).
 */
export function examplePolicyPath(): string {
  const besideThisFile = join(__dirname, 'example-policy.yaml');

  return existsSync(besideThisFile)
    ? besideThisFile
    : join(__dirname, '..', '..', 'policy', 'example-policy.yaml');
}

/**
 * Reading a SCIM PatchOp (RFC 7644 section 3.5.2) into the changes it makes. Tenure keeps no copy
 * of the SCIM resource to patch, so each operation is read as a statement of new values:
 * `add` and `replace` set them, in order, and `remove` is ignored (HR attributes are never
 * cleared; Tenure keeps the last value it knew). Operation names are case-insensitive, because
 * Microsoft Entra sends `Replace` and `Add`.
 */
import {
  applyAttribute,
  applyResource,
  invalidScim,
  isPlainObject,
  type ScimChanges,
} from './scim-schema';

/** Far above what any client sends for one user; bounds the work one request can cause. */
const MAX_OPERATIONS = 100;

/**
 * The changes in a PatchOp body.
 * @throws ScimIntakeError when the body is not a PatchOp or an operation is malformed.
 */
export function readPatch(body: unknown): ScimChanges {
  if (!isPlainObject(body)) throw invalidScim('body: expected a PatchOp object', 'invalidSyntax');

  const operations = memberOf(body, 'operations');
  if (!Array.isArray(operations) || operations.length === 0) {
    throw invalidScim('Operations: expected a non-empty array of operations', 'invalidSyntax');
  }
  if (operations.length > MAX_OPERATIONS) {
    throw invalidScim(
      `Operations: at most ${MAX_OPERATIONS} operations per request`,
      'invalidSyntax',
    );
  }

  const changes: ScimChanges = { attributes: {} };
  operations.forEach((operation: unknown, index) => {
    applyOperation(changes, operation, `Operations[${index}]`);
  });

  return changes;
}

function applyOperation(changes: ScimChanges, operation: unknown, origin: string): void {
  if (!isPlainObject(operation))
    throw invalidScim(`${origin}: expected an object`, 'invalidSyntax');

  const op = memberOf(operation, 'op');
  const name = typeof op === 'string' ? op.toLowerCase() : undefined;
  if (name !== 'add' && name !== 'replace' && name !== 'remove') {
    throw invalidScim(`${origin}.op: expected add, replace or remove`, 'invalidSyntax');
  }

  const path = memberOf(operation, 'path');
  if (path !== undefined && typeof path !== 'string') {
    throw invalidScim(`${origin}.path: expected a string`, 'invalidSyntax');
  }
  if (name === 'remove') {
    if (path === undefined) throw invalidScim(`${origin}: remove needs a path`, 'noTarget');

    return;
  }

  const value = memberOf(operation, 'value');
  if (path !== undefined) {
    if (value === undefined) throw invalidScim(`${origin}.value: is required for ${name}`);
    applyAttribute(changes, path, value, origin);
  } else {
    // Without a path the value is a partial resource; some clients write its keys as paths.
    applyResource(changes, value, `${origin}.value`);
  }
}

/** A member by case-insensitive name, as SCIM names are. */
function memberOf(object: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(object).find((candidate) => candidate.toLowerCase() === name);

  return key === undefined ? undefined : object[key];
}

/**
 * Reading a SCIM PatchOp (RFC 7644 section 3.5.2) into the changes it makes. Tenure keeps no copy
 * of the SCIM resource to patch, so each operation is read as a statement of new values:
 * `add` and `replace` set them, in order, and `remove` is ignored (HR attributes are never
 * cleared; Tenure keeps the last value it knew). Operation names are case-insensitive, because
 * Microsoft Entra sends `Replace` and `Add`.
 *
 * Every `path` is checked before it is used. One that breaks the grammar of RFC 7644 figure 7, or
 * names an attribute that the core User schema, the enterprise extension or Tenure's extension
 * does not define, is a 400 `invalidPath`, so that a client's typo fails loudly instead of being
 * dropped. An attribute those schemas define but Tenure does not read (`displayName`,
 * `phoneNumbers[type eq "mobile"].value`) and any attribute of another extension (the client's
 * own) is accepted and ignored: clients push whatever their mapping holds, and refusing it would
 * stop the person's provisioning altogether.
 */
import {
  applyAttribute,
  applyResource,
  ENTERPRISE_SCHEMA,
  invalidScim,
  isPlainObject,
  PATCH_OP_SCHEMA,
  requireSchema,
  TENURE_SCHEMA,
  USER_SCHEMA,
  type ScimChanges,
} from './scim-schema';

/** Far above what any client sends for one user; bounds the work one request can cause. */
const MAX_OPERATIONS = 100;
/** Far above any real path; bounds the work of parsing one, filter included. */
const MAX_PATH_LENGTH = 500;

/**
 * The changes in a PatchOp body.
 * @throws ScimIntakeError when the body is not a PatchOp or an operation or its path is malformed.
 */
export function readPatch(body: unknown): ScimChanges {
  requireSchema(body, PATCH_OP_SCHEMA);

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
    throw invalidScim(`${origin}.path: expected a string`, 'invalidPath');
  }
  const target = path === undefined ? undefined : targetOf(path, `${origin}.path`);
  if (name === 'remove') {
    if (target === undefined) throw invalidScim(`${origin}: remove needs a path`, 'noTarget');

    return;
  }

  const value = memberOf(operation, 'value');
  if (target !== undefined) {
    if (value === undefined) throw invalidScim(`${origin}.value: is required for ${name}`);
    applyAttribute(changes, target, value, origin);
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

/** An attribute of a schema; `members` are its sub-attributes, lower-cased. */
interface Definition {
  name: string;
  members?: ReadonlySet<string>;
  multiValued?: boolean;
}

/** Definitions from space-separated names, so that the tables below read like the RFC's. */
const simple = (names: string): [string, Definition][] =>
  names.split(' ').map((name) => [name.toLowerCase(), { name }]);
const complex = (names: string, members: string, multiValued = false): [string, Definition][] =>
  names
    .split(' ')
    .map((name) => [
      name.toLowerCase(),
      { name, members: new Set(members.toLowerCase().split(' ')), multiValued },
    ]);

// RFC 7643 section 2.4: what a multi-valued attribute's entries hold unless defined otherwise.
const ENTRY = 'value display type primary $ref';
const ADDRESS_MEMBERS = `${ENTRY} formatted streetAddress locality region postalCode country`;
const NAME_MEMBERS = 'formatted familyName givenName middleName honorificPrefix honorificSuffix';

interface Schema {
  /** How messages name it, with a hint where one helps. */
  label: string;
  attributes: Map<string, Definition>;
}

/** RFC 7643 sections 4.1 and 4.3, and Tenure's extension, by lower-cased schema URN. */
const SCHEMAS = new Map<string, Schema>([
  [
    USER_SCHEMA.toLowerCase(),
    {
      // Entra and Okta always prefix extension attributes; a bare `department` is a mapping slip.
      label: 'the core User schema (an extension attribute needs its schema URN in front)',
      attributes: new Map([
        ...simple('id externalId userName displayName nickName profileUrl title userType'),
        ...simple('preferredLanguage locale timezone active password schemas'),
        ...complex('meta', 'resourceType created lastModified location version'),
        ...complex('name', NAME_MEMBERS),
        ...complex('emails phoneNumbers ims photos groups entitlements roles', ENTRY, true),
        ...complex('x509Certificates', ENTRY, true),
        ...complex('addresses', ADDRESS_MEMBERS, true),
      ]),
    },
  ],
  [
    ENTERPRISE_SCHEMA.toLowerCase(),
    {
      label: 'the enterprise User extension',
      attributes: new Map([
        ...simple('employeeNumber costCenter organization division department'),
        ...complex('manager', 'value $ref displayName'),
      ]),
    },
  ],
  [
    TENURE_SCHEMA.toLowerCase(),
    { label: "Tenure's extension", attributes: new Map(simple('startDate contractEndDate')) },
  ],
]);

const NAME = '[A-Za-z][\\w-]*';
const SUB_NAME = `(?:${NAME}|\\$ref)`;
/** RFC 7644 figure 7: `[URI ":"] ATTRNAME [subAttr]`, then optionally `[filter]` and subAttr. */
const PATH_SHAPE = new RegExp(
  `^(?:([A-Za-z][A-Za-z0-9+.-]*:[^\\s"[\\]]*):)?(${NAME})(?:\\.(${SUB_NAME}))?` +
    `(?:\\[((?:[^\\]"]|"(?:[^"\\\\]|\\\\.)*")*)\\](?:\\.(${SUB_NAME}))?)?$`,
);

/**
 * The key `applyAttribute` reads for a PATCH path, once the path has been checked against the
 * grammar and against the schemas Tenure knows. Messages never quote the path: a filter may hold
 * a personal value.
 * @throws ScimIntakeError (`invalidPath`).
 */
function targetOf(path: string, where: string): string {
  const text = path.trim();
  // A whole schema, with an object of its attributes as the value.
  if (SCHEMAS.has(text.toLowerCase())) return text;

  const match = text.length <= MAX_PATH_LENGTH ? PATH_SHAPE.exec(text) : null;
  const filter = match?.[4] === undefined ? undefined : filterOf(match[4]);
  if (match === null || filter === null) {
    throw invalidScim(
      `${where}: is not a SCIM attribute path (RFC 7644 section 3.5.2, figure 7)`,
      'invalidPath',
    );
  }

  const [, uri, attribute = '', member, , filteredMember] = match.map((part) =>
    part?.toLowerCase(),
  );
  // Another extension's attributes are the client's own business; Tenure reads none of them.
  const schema = SCHEMAS.get(uri ?? USER_SCHEMA.toLowerCase());
  const definition = schema?.attributes.get(attribute);
  if (schema !== undefined && definition === undefined) {
    throw invalidScim(`${where}: names no attribute of ${schema.label}`, 'invalidPath');
  }
  if (definition !== undefined) {
    if (filter !== undefined && (member !== undefined || definition.multiValued !== true)) {
      throw invalidScim(`${where}: a filter needs a multi-valued attribute`, 'invalidPath');
    }
    const members = [member, filteredMember, ...(filter?.attributes ?? [])];
    if (members.some((name) => name !== undefined && definition.members?.has(name) !== true)) {
      throw invalidScim(`${where}: ${definition.name} has no such sub-attribute`, 'invalidPath');
    }
  }

  return [
    uri === undefined ? '' : `${uri}:`,
    attribute,
    member === undefined ? '' : `.${member}`,
    filter === undefined ? '' : `[${filter.canonical}]`,
    filteredMember === undefined ? '' : `.${filteredMember}`,
  ].join('');
}

/** A value filter: its attribute names, lower-cased, and a canonical spelling to look it up by. */
interface Filter {
  attributes: string[];
  canonical: string;
}

const TOKENS = /\(|\)|"(?:[^"\\]|\\.)*"|[^\s()"]+/g;
const COMPARE = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'lt', 'ge', 'le']);
const LITERAL = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:e[+-]?\d+)?)$/i;
const FILTER_ATTRIBUTE = new RegExp(`^${NAME}(?:\\.${SUB_NAME})?$`);

/**
 * The `valFilter` of RFC 7644 section 3.4.2.2 (comparisons, `pr`, `and`, `or`, `not (...)` and
 * parentheses), or null when it does not parse. Tenure evaluates no filter: it has no stored
 * values to match, so a filter only selects which attribute a value is for.
 */
function filterOf(text: string): Filter | null {
  // Whatever no token matches (a lone quote) is left over, and makes the filter malformed.
  const tokens = text.match(TOKENS) ?? [];
  if (text.replace(TOKENS, '').trim() !== '') return null;

  const attributes: string[] = [];
  let at = 0;
  const peek = () => tokens[at]?.toLowerCase();
  const take = (expected?: string): string => {
    const token = tokens[at++];
    if (token === undefined || (expected !== undefined && token !== expected)) {
      throw new SyntaxError('filter ends early or is unbalanced');
    }

    return token;
  };

  const disjunction = (): string => {
    let left = conjunction();
    while (peek() === 'or') left = `${left} ${take().toLowerCase()} ${conjunction()}`;

    return left;
  };
  const conjunction = (): string => {
    let left = unary();
    while (peek() === 'and') left = `${left} ${take().toLowerCase()} ${unary()}`;

    return left;
  };
  const unary = (): string => {
    // `not` is a keyword only before a parenthesis; elsewhere it could name an attribute.
    const negated = peek() === 'not' && tokens[at + 1] === '(';
    if (negated) at += 1;
    if (peek() !== '(') return comparison();

    take('(');
    const inner = disjunction();
    take(')');

    return `${negated ? 'not ' : ''}(${inner})`;
  };
  const comparison = (): string => {
    const attribute = take().toLowerCase();
    if (!FILTER_ATTRIBUTE.test(attribute)) throw new SyntaxError('not an attribute');
    attributes.push(attribute);
    const operator = take().toLowerCase();
    if (operator === 'pr') return `${attribute} pr`;
    if (!COMPARE.has(operator)) throw new SyntaxError('not a comparison');

    const value = take();
    if (LITERAL.test(value)) return `${attribute} ${operator} ${value.toLowerCase()}`;
    if (!value.startsWith('"')) throw new SyntaxError('not a value');
    // Re-encoded, so that escapes spelled differently look the same; a bad escape throws.
    const string = JSON.stringify(JSON.parse(value) as string).toLowerCase();

    return `${attribute} ${operator} ${string}`;
  };

  try {
    const canonical = disjunction();

    return at === tokens.length ? { attributes, canonical } : null;
  } catch (error) {
    if (error instanceof SyntaxError) return null;
    throw error;
  }
}

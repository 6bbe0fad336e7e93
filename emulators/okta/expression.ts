import { invalidSearch } from './errors';

export type Operator = 'eq' | 'sw' | 'co' | 'gt' | 'ge' | 'lt' | 'le' | 'pr';
type Literal = string | number | boolean | null;

export type Expression =
  | { kind: 'and' | 'or'; left: Expression; right: Expression }
  | { kind: 'compare'; attribute: string; operator: Operator; value: Literal };

/** What one query parameter (`search` or `filter`) allows on one resource type. */
export interface ExpressionRules {
  allows(attribute: string, operator: Operator): boolean;
  caseInsensitive: boolean;
}

const OPERATORS = new Set<string>(['eq', 'sw', 'co', 'gt', 'ge', 'lt', 'le', 'pr']);
const TOKEN = /\s*(\(|\)|"(?:[^"\\]|\\.)*"|[^\s()"]+)/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const match = TOKEN.exec(text);
    if (match === null) {
      if (text.slice(TOKEN.lastIndex).trim() === '') break;
      throw invalidSearch(`Unparseable expression near position ${TOKEN.lastIndex}`);
    }
    tokens.push(match[1] as string);
  }

  return tokens;
}

function literal(token: string | undefined): Literal {
  if (token === undefined) throw invalidSearch('Missing value after operator');
  if (token.startsWith('"')) {
    try {
      return JSON.parse(token) as string;
    } catch {
      throw invalidSearch(`Badly escaped value ${token}`);
    }
  }
  if (token === 'true' || token === 'false') return token === 'true';
  if (token === 'null') return null;
  const number = Number(token);
  if (Number.isNaN(number)) throw invalidSearch(`Unquoted value ${token}`);

  return number;
}

/** Parses an Okta `search` or `filter` expression (`and` before `or`). @throws E0000031. */
export function parseExpression(text: string, rules: ExpressionRules): Expression {
  const tokens = tokenize(text);
  let position = 0;
  const peek = (): string | undefined => tokens[position]?.toLowerCase();

  const parseComparison = (): Expression => {
    if (peek() === '(') {
      position += 1;
      const inner = parseOr();
      if (peek() !== ')') throw invalidSearch('Missing closing parenthesis');
      position += 1;

      return inner;
    }
    const attribute = tokens[position];
    const operator = tokens[position + 1]?.toLowerCase();
    if (attribute === undefined || operator === undefined || !OPERATORS.has(operator)) {
      throw invalidSearch(`Unsupported operator ${operator ?? '(none)'}`);
    }
    if (!rules.allows(attribute, operator as Operator)) {
      throw invalidSearch(`Unsupported attribute or operator: ${attribute} ${operator}`);
    }
    position += 2;
    if (operator === 'pr') return { kind: 'compare', attribute, operator, value: null };
    const value = literal(tokens[position]);
    position += 1;

    return { kind: 'compare', attribute, operator: operator as Operator, value };
  };

  const parseAnd = (): Expression => {
    let left = parseComparison();
    while (peek() === 'and') {
      position += 1;
      left = { kind: 'and', left, right: parseComparison() };
    }

    return left;
  };

  const parseOr = (): Expression => {
    let left = parseAnd();
    while (peek() === 'or') {
      position += 1;
      left = { kind: 'or', left, right: parseAnd() };
    }

    return left;
  };

  const expression = parseOr();
  if (position !== tokens.length) throw invalidSearch(`Unexpected token ${tokens[position]}`);

  return expression;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T/;

function order(actual: unknown, expected: Literal): number {
  if (typeof actual === 'number' && typeof expected === 'number') return actual - expected;
  const left = String(actual);
  const right = String(expected);
  if (ISO_DATE.test(left) && ISO_DATE.test(right)) return Date.parse(left) - Date.parse(right);

  return left < right ? -1 : left > right ? 1 : 0;
}

function compare(actual: unknown, operator: Operator, expected: Literal, fold: boolean): boolean {
  if (operator === 'pr') return actual !== undefined && actual !== null && actual !== '';
  if (actual === undefined || actual === null) return expected === null && operator === 'eq';
  const norm = (value: unknown): string => (fold ? String(value).toLowerCase() : String(value));
  switch (operator) {
    case 'eq':
      return norm(actual) === norm(expected);
    case 'sw':
      return norm(actual).startsWith(norm(expected));
    case 'co':
      return norm(actual).includes(norm(expected));
    case 'gt':
      return order(actual, expected) > 0;
    case 'ge':
      return order(actual, expected) >= 0;
    case 'lt':
      return order(actual, expected) < 0;
    case 'le':
      return order(actual, expected) <= 0;
  }
}

/** Evaluates a parsed expression against one resource, reading attributes through `read`. */
export function matches(
  expression: Expression,
  read: (attribute: string) => unknown,
  rules: ExpressionRules,
): boolean {
  if (expression.kind !== 'compare') {
    const left = matches(expression.left, read, rules);
    if (expression.kind === 'and' ? !left : left) return left;

    return matches(expression.right, read, rules);
  }

  return compare(
    read(expression.attribute),
    expression.operator,
    expression.value,
    rules.caseInsensitive,
  );
}

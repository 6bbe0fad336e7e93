/**
 * Finds where in the YAML source a value sits, so that every validation issue can name its line
 * and column instead of leaving the author to search the file.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

export type PathSegment = string | number;

export interface Location {
  line: number;
  column: number;
  /** False when the path ends at a key that is not in the file, such as a missing required key. */
  found: boolean;
}

/**
 * The position of the node at `path`, or of its key when `at` is `key`. A path that leaves the
 * file (a missing key) resolves to the nearest enclosing node that exists.
 */
export function locate(
  document: Document,
  lineCounter: LineCounter,
  path: readonly PathSegment[],
  at: 'value' | 'key' = 'value',
): Location {
  let node: unknown = document.contents;
  let found = true;

  for (const [index, segment] of path.entries()) {
    const current = isAlias(node) ? node.resolve(document) : node;
    const last = index === path.length - 1;
    let next: unknown;

    if (isMap(current)) {
      const pair = current.items.find((item) => keyText(item.key) === String(segment));
      // `key:` with nothing after it has no value node; its key marks the place.
      next = pair && (last && at === 'key' ? pair.key : (pair.value ?? pair.key));
    } else if (isSeq(current) && typeof segment === 'number') {
      next = current.items[segment];
    }
    if (next === undefined || next === null) {
      found = false;
      break;
    }
    node = next;
  }

  const offset = (node as Node | null)?.range?.[0] ?? 0;
  const { line, col } = lineCounter.linePos(offset);

  return { line, column: col, found };
}

/** `rules[1].when.department`, `timeZones["San Francisco"]` */
export function formatPath(path: readonly PathSegment[]): string {
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      if (/^[A-Za-z_$][\w$]*$/.test(segment)) return index === 0 ? segment : `.${segment}`;

      return `[${JSON.stringify(segment)}]`;
    })
    .join('');
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);

  return undefined;
}

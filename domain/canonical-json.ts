/**
 * JSON with object keys sorted at every depth, so that equal content hashes to equal ids however
 * the sender ordered or spaced it. Pure: the intake adapters and the HR readers hash it.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);

    return `{${members.join(',')}}`;
  }

  // Only JSON-like data reaches here; `?? 'null'` covers a stray undefined inside an array.
  return JSON.stringify(value) ?? 'null';
}

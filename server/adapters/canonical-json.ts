/**
 * JSON with object keys sorted at every depth, so that equal content hashes to equal keys however
 * the sender ordered or spaced it.
 */
import { createHash } from 'node:crypto';

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

  // Only JSON-parsed data reaches here; `?? 'null'` covers a stray undefined inside an array.
  return JSON.stringify(value) ?? 'null';
}

/** The first `length` hex characters of the SHA-256 of the value's canonical JSON. */
export function contentHash(value: unknown, length = 32): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, length);
}

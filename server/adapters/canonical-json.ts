/** Content hashes for idempotency keys, over canonical JSON (domain/canonical-json.ts). */
import { createHash } from 'node:crypto';

import { canonicalJson } from '../../domain/canonical-json';

/** The first `length` hex characters of the SHA-256 of the value's canonical JSON. */
export function contentHash(value: unknown, length = 32): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, length);
}

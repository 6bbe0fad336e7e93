/**
 * Constant-time comparison of the signatures a sender offers with the digests Tenure expects.
 */
import { timingSafeEqual } from 'node:crypto';

import { IntakeError } from './types';

const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

/**
 * True when any offered hex signature equals any expected digest. Every pair is compared with
 * `timingSafeEqual` on two 32-byte buffers and nothing stops early, so the time taken says nothing
 * about how much of a guess was right. A malformed candidate is skipped: its shape is not secret.
 */
export function anyDigestMatches(expected: readonly Buffer[], offered: readonly string[]): boolean {
  let matched = false;

  for (const candidate of offered) {
    if (!HEX_SHA256.test(candidate)) continue;
    const given = Buffer.from(candidate, 'hex');
    for (const digest of expected) {
      matched = timingSafeEqual(given, digest) || matched;
    }
  }

  return matched;
}

/** The header's value, or a 401 naming the header when it is absent or blank. */
export function requireHeader(
  headers: Record<string, string | undefined>,
  name: string,
  displayName: string,
): string {
  const value = headers[name]?.trim();
  if (value === undefined || value === '') {
    throw new IntakeError(401, 'intake.bad_signature', `Missing ${displayName} header`);
  }

  return value;
}

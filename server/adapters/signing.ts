/**
 * How each source signs a delivery. The adapters verify with these same functions, and senders,
 * tests and the benchmark sign with them, so the two sides cannot drift apart.
 */
import { createHmac } from 'node:crypto';

export const GENERIC_TIMESTAMP_HEADER = 'x-tenure-timestamp';
export const GENERIC_SIGNATURE_HEADER = 'x-tenure-signature';
export const BAMBOOHR_TIMESTAMP_HEADER = 'x-bamboohr-timestamp';
export const BAMBOOHR_SIGNATURE_HEADER = 'x-bamboohr-signature';

/** HMAC-SHA256 over the timestamp, a dot, then the raw body: binding the time stops replays. */
export function genericDigest(
  secret: string,
  timestamp: string | number,
  rawBody: Buffer | string,
): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
}

/** HMAC-SHA256 over the raw body followed by the timestamp string, as BambooHR computes it. */
export function bambooHrDigest(
  secret: string,
  timestamp: string,
  rawBody: Buffer | string,
): Buffer {
  return createHmac('sha256', secret).update(rawBody).update(timestamp).digest();
}

/**
 * The value for the `X-Tenure-Signature` header, `v1=<hex>`, for a body sent with
 * `X-Tenure-Timestamp: <timestamp>` (unix seconds).
 */
export function signGeneric(
  secret: string,
  timestamp: string | number,
  rawBody: Buffer | string,
): string {
  return `v1=${genericDigest(secret, timestamp, rawBody).toString('hex')}`;
}

/** The value for the `X-BambooHR-Signature` header (lower-case hex), as BambooHR would send it. */
export function signBambooHr(secret: string, timestamp: string, rawBody: Buffer | string): string {
  return bambooHrDigest(secret, timestamp, rawBody).toString('hex');
}

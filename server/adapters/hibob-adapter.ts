/**
 * Intake for HiBob's v2 webhooks, which carry only ids. Every employee and table event becomes a
 * `refresh` (the person workflow reads the record through the HiBob HR reader); a deleted
 * employee becomes `rescind_hire`. HiBob's setup ping is answered and starts nothing.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

import { HR_ID_PATTERN, type HrEvent } from '../../domain/hr-event';
import { contentHash } from './canonical-json';
import { EARLIEST_EVENT, FUTURE_SKEW_MS, HR_ID_RULE } from './field-rules';
import { isPing, readHiBobBody, type HiBobEventBody } from './hibob-schema';
import { invalidField } from './json-body';
import { requireHeader } from './signature-check';
import { parseIsoInstant } from './timestamps';
import { IntakeError, requireSecrets, type IncomingDelivery, type IntakeAdapter } from './types';

export const HIBOB_SOURCE = 'hibob';
export const HIBOB_SIGNATURE_HEADER = 'bob-signature';

export interface HiBobAdapterOptions {
  /** The webhook secret(s) from HiBob's webhook settings; more than one while rotating. */
  secrets: string[];
}

/**
 * The adapter for HiBob v2 webhooks: one event per delivery, none for the setup ping.
 * @throws IntakeConfigError when no secret is given.
 */
export function createHiBobAdapter(options: HiBobAdapterOptions): IntakeAdapter {
  const secrets = requireSecrets(HIBOB_SOURCE, options.secrets);

  return {
    source: HIBOB_SOURCE,
    parse(delivery) {
      // The ping precedes any agreement on a secret, and an empty list starts nothing.
      if (isPing(delivery)) return [];

      verifySignature(delivery, secrets);

      const body = readHiBobBody(delivery);
      const hrId = String(body.data.employeeId).trim();
      if (!HR_ID_PATTERN.test(hrId)) throw invalidField(['data', 'employeeId'], HR_ID_RULE);

      const at = plausibleInstant(body.triggeredAt, delivery.receivedAt);
      const event: HrEvent = {
        eventId: eventIdOf(body, hrId, at === undefined ? delivery.receivedAt : undefined),
        source: HIBOB_SOURCE,
        hrId,
        // Deleting an employee withdraws the hire; everything else says only that the record
        // changed, and HiBob itself advises reading it rather than trusting the payload.
        kind: body.type === 'employee.deleted' ? 'rescind_hire' : 'refresh',
        occurredAt: at ?? delivery.receivedAt.toISOString(),
      };

      return [event];
    },
  };
}

/** HMAC-SHA512 over the raw body, as HiBob computes `Bob-Signature` (sent base64-encoded). */
export function hiBobDigest(secret: string, rawBody: Buffer | string): Buffer {
  return createHmac('sha512', secret).update(rawBody).digest();
}

/** The value for the `Bob-Signature` header, as HiBob would send it. */
export function signHiBob(secret: string, rawBody: Buffer | string): string {
  return hiBobDigest(secret, rawBody).toString('base64');
}

// 64 bytes in standard base64: 86 characters and two pads (which some encoders leave off).
const BASE64_SHA512 = /^[A-Za-z0-9+/]{86}(==)?$/;

/**
 * Compared in constant time with every secret and nothing stops early. There is no timestamp to
 * bind, so a replay is possible, and harmless: a redelivery has the same idempotency key.
 */
function verifySignature(delivery: IncomingDelivery, secrets: readonly string[]): void {
  const header = requireHeader(delivery.headers, HIBOB_SIGNATURE_HEADER, 'Bob-Signature');

  let matched = false;
  for (const candidate of header.split(',').map((part) => part.trim())) {
    if (!BASE64_SHA512.test(candidate)) continue;
    const given = Buffer.from(candidate, 'base64');
    for (const secret of secrets) {
      matched = timingSafeEqual(given, hiBobDigest(secret, delivery.rawBody)) || matched;
    }
  }
  if (!matched) {
    throw new IntakeError(
      401,
      'intake.bad_signature',
      'Bob-Signature does not match the body for any configured secret',
    );
  }
}

/**
 * A hash of what the delivery says, so that a redelivery gets the same key. Without a usable
 * `triggeredAt` two changes could not be told apart (a sender stuck on one empty or future value
 * would have every later change taken for a redelivery and dropped), so the arrival time stands
 * in: a redelivery then reads the record once more, which changes nothing.
 */
function eventIdOf(
  body: HiBobEventBody,
  hrId: string,
  arrivedWithoutTime: Date | undefined,
): string {
  const triggeredAt =
    arrivedWithoutTime === undefined
      ? body.triggeredAt
      : { receivedAt: arrivedWithoutTime.toISOString() };

  return `${HIBOB_SOURCE}:${contentHash({ type: body.type, hrId, triggeredAt, data: body.data })}`;
}

// HiBob's form: an ISO local date-time with up to nine fractional digits and no offset.
const WITHOUT_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/;

/**
 * `triggeredAt` carries no offset and HiBob names no zone for it; it is read as UTC (UNVERIFIED,
 * the likeliest for a server clock), and an offset, should HiBob add one, is honoured. As for
 * BambooHR, a time in the future or before 2000 is undefined, so that the arrival time stands in
 * and the mistake cannot win ordering forever.
 */
function plausibleInstant(
  triggeredAt: string | null | undefined,
  receivedAt: Date,
): string | undefined {
  const text = triggeredAt?.trim() ?? '';
  const parsed = parseIsoInstant(WITHOUT_OFFSET.test(text) ? `${text}Z` : text);
  const plausible =
    parsed !== undefined &&
    parsed >= EARLIEST_EVENT &&
    Date.parse(parsed) <= receivedAt.getTime() + FUTURE_SKEW_MS;

  return plausible ? parsed : undefined;
}

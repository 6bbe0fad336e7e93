/**
 * Intake for Tenure's own webhook format: any HR system, script or integration platform that can
 * sign a request can drive Tenure through it. The format is documented in GENERIC-FORMAT.md.
 */
import type { HrEvent, PersonAttributes } from '../../domain/hr-event';
import { EARLIEST_EVENT, FUTURE_SKEW_MS } from './field-rules';
import { invalidField, parseWithSchema, readJsonBody } from './json-body';
import { genericBodySchema, type GenericBody } from './generic-schema';
import { anyDigestMatches, requireHeader } from './signature-check';
import { GENERIC_SIGNATURE_HEADER, GENERIC_TIMESTAMP_HEADER, genericDigest } from './signing';
import { parseIsoInstant } from './timestamps';
import {
  IntakeConfigError,
  IntakeError,
  requireSecrets,
  type IncomingDelivery,
  type IntakeAdapter,
} from './types';

export interface GenericAdapterOptions {
  /** Every secret currently accepted; more than one while a secret is being rotated. */
  secrets: string[];
  /** How far the signed timestamp may be from the server clock, either way; 300 by default. */
  toleranceSeconds?: number;
}

const DEFAULT_TOLERANCE_SECONDS = 300;
const UNIX_SECONDS = /^\d{1,12}$/;

/**
 * The adapter for the generic format: one delivery, one event.
 * @throws IntakeConfigError when no secret is given or the tolerance is not a positive number.
 */
export function createGenericAdapter(options: GenericAdapterOptions): IntakeAdapter {
  const secrets = requireSecrets('generic', options.secrets);
  const toleranceSeconds = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;

  if (!Number.isFinite(toleranceSeconds) || toleranceSeconds <= 0) {
    throw new IntakeConfigError('The generic adapter tolerance must be a positive number');
  }

  return {
    source: 'generic',
    parse(delivery) {
      verifyGenericSignature(delivery, secrets, toleranceSeconds);

      const body = parseWithSchema(genericBodySchema, readJsonBody(delivery));
      const event = toHrEvent(body);
      // Ordering trusts event times, so one far in the future would win over every later change.
      if (Date.parse(event.occurredAt) > delivery.receivedAt.getTime() + FUTURE_SKEW_MS) {
        throw invalidField(
          ['occurredAt'],
          'must not be in the future (beyond 5 minutes of clock skew)',
        );
      }
      if (event.occurredAt < EARLIEST_EVENT) {
        throw invalidField(['occurredAt'], 'must not be before the year 2000');
      }

      return [event];
    },
  };
}

function verifyGenericSignature(
  delivery: IncomingDelivery,
  secrets: readonly string[],
  toleranceSeconds: number,
): void {
  const timestamp = requireHeader(delivery.headers, GENERIC_TIMESTAMP_HEADER, 'X-Tenure-Timestamp');
  if (!UNIX_SECONDS.test(timestamp)) {
    throw new IntakeError(401, 'intake.bad_signature', 'X-Tenure-Timestamp must be unix seconds');
  }

  const header = requireHeader(delivery.headers, GENERIC_SIGNATURE_HEADER, 'X-Tenure-Signature');

  // Entries of other schemes are skipped, so a later scheme can be sent alongside v1.
  const offered = header
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.startsWith('v1='))
    .map((entry) => entry.slice('v1='.length));
  if (offered.length === 0) {
    throw new IntakeError(401, 'intake.bad_signature', 'X-Tenure-Signature has no v1= signature');
  }

  const expected = secrets.map((secret) => genericDigest(secret, timestamp, delivery.rawBody));
  if (!anyDigestMatches(expected, offered)) {
    throw new IntakeError(
      401,
      'intake.bad_signature',
      'X-Tenure-Signature does not match the body and X-Tenure-Timestamp for any configured secret',
    );
  }

  // Checked after the signature, so only a genuine sender learns that its clock or queue is late.
  const skewSeconds = Math.abs(delivery.receivedAt.getTime() / 1000 - Number(timestamp));
  if (!(skewSeconds <= toleranceSeconds)) {
    throw new IntakeError(
      401,
      'intake.stale_timestamp',
      `X-Tenure-Timestamp is more than ${toleranceSeconds} seconds away from the server clock; ` +
        'sign each delivery (and each retry) with the current time',
    );
  }
}

function toHrEvent(body: GenericBody): HrEvent {
  const { hrId, ...attributes } = body.employee;
  const event: HrEvent = {
    eventId: body.eventId,
    source: 'generic',
    hrId,
    kind: body.type,
    // The schema has accepted it, so it parses; normalised so events order as strings.
    occurredAt: parseIsoInstant(body.occurredAt) as string,
  };

  if (body.effectiveDate !== undefined) event.effectiveDate = body.effectiveDate;
  if (body.immediate !== undefined) event.immediate = body.immediate;
  if (body.returnDate !== undefined) event.returnDate = body.returnDate;
  const present = presentAttributes(attributes);
  if (Object.keys(present).length > 0) event.attributes = present;

  return event;
}

function presentAttributes(attributes: PersonAttributes): PersonAttributes {
  return Object.fromEntries(
    Object.entries(attributes).filter(([, value]) => value !== undefined),
  ) as PersonAttributes;
}

/**
 * Intake for BambooHR's field-based webhooks (`{ "employees": [...] }`, values posted with the
 * event). The event-based family, which posts only ids, needs an HR reader and is not handled
 * here.
 */
import { z } from 'zod';

import type { HrEvent } from '../../domain/hr-event';
import { BAMBOOHR_SOURCE, mapEmployee } from './bamboohr-mapping';
import { parseWithSchema, readJsonBody } from './json-body';
import { anyDigestMatches, requireHeader } from './signature-check';
import { BAMBOOHR_SIGNATURE_HEADER, BAMBOOHR_TIMESTAMP_HEADER, bambooHrDigest } from './signing';
import { parseIsoInstant } from './timestamps';
import { IntakeError, requireSecrets, type IncomingDelivery, type IntakeAdapter } from './types';

export interface BambooHrAdapterOptions {
  /** The webhook's private key(s); more than one while the webhook is being replaced. */
  secrets: string[];
}

const ACTIONS = ['created', 'updated', 'deleted'] as const;
type Action = (typeof ACTIONS)[number];

// Not strict, unlike the generic format: BambooHR may add keys, and a refusal would lose the
// delivery for good, since BambooHR never retries a 4xx.
const employeeSchema = z.object({
  // Checked against the HR id alphabet when mapped, which also refuses a negative number.
  id: z.union([z.string(), z.number().int()], { error: 'expected a string or a whole number' }),
  action: z
    .string()
    .refine(
      (action) => (ACTIONS as readonly string[]).includes(action.toLowerCase()),
      'expected Created, Updated or Deleted',
    ),
  timestamp: z.union([z.string(), z.number()]).nullish(),
  changedFields: z.array(z.string()).nullish(),
  // PHP encodes an empty map as `[]`, so an empty array is read as "no fields".
  fields: z
    .union([z.record(z.string(), z.unknown()), z.array(z.never()).max(0)], {
      error: 'expected an object of field values',
    })
    .nullish(),
});

const bodySchema = z.object({ employees: z.array(employeeSchema) });

/**
 * The adapter for BambooHR field-based webhooks: one event per employee entry, in order.
 * @throws IntakeConfigError when no secret is given.
 */
export function createBambooHrAdapter(options: BambooHrAdapterOptions): IntakeAdapter {
  const secrets = requireSecrets(BAMBOOHR_SOURCE, options.secrets);

  return {
    source: BAMBOOHR_SOURCE,
    parse(delivery) {
      verifyBambooHrSignature(delivery, secrets);

      const body = parseWithSchema(bodySchema, readJsonBody(delivery));

      // All or nothing: one bad entry refuses the whole batch. A 4xx must mean nothing started
      // (DESIGN section 6), and a single status cannot say "some of it"; BambooHR does not retry
      // a 4xx, but the refusal shows in its webhook log, and the usual cause (a field missing
      // from the webhook's configuration) affects every entry alike. Once fixed, a resent batch
      // is safe because each entry's key is a hash of its content.
      return body.employees.map((entry, index): HrEvent =>
        mapEmployee(
          {
            id: entry.id,
            action: entry.action.toLowerCase() as Action,
            rawAction: entry.action,
            timestamp: entry.timestamp,
            changedFields: entry.changedFields,
            fields: Array.isArray(entry.fields) ? {} : (entry.fields ?? {}),
          },
          index,
          delivery.receivedAt,
        ),
      );
    },
  };
}

/** BambooHR's signature check, for both of its webhook formats; throws a 401 `IntakeError`. */
export function verifyBambooHrSignature(
  delivery: IncomingDelivery,
  secrets: readonly string[],
): void {
  // No freshness check: BambooHR does not say whether a retry (up to 80 minutes later) is signed
  // afresh, so a window could refuse genuine retries; a replayed delivery is harmless anyway,
  // because every event's idempotency key is a hash of its content and a redelivery is
  // acknowledged without effect.
  const timestamp = requireHeader(
    delivery.headers,
    BAMBOOHR_TIMESTAMP_HEADER,
    'X-BambooHR-Timestamp',
  );
  // The signed bytes are the body and the timestamp with nothing between them, so with a free
  // timestamp the boundary could move: digits taken from the timestamp and appended to a form
  // body (`data[employeeId]=12` becoming `=1217`) would keep the signature. A fixed shape pins
  // the boundary: ten digits have one length, and an ISO instant starts with a four-digit year
  // and a dash and holds one `T`, so no longer or shorter tail of the signed bytes passes too.
  if (!isBambooHrTimestamp(timestamp)) {
    throw new IntakeError(
      401,
      'intake.bad_signature',
      'X-BambooHR-Timestamp must be unix seconds (10 digits) or an ISO 8601 instant with an ' +
        'offset, such as 2026-12-04T09:00:00+0000',
    );
  }
  const signature = requireHeader(
    delivery.headers,
    BAMBOOHR_SIGNATURE_HEADER,
    'X-BambooHR-Signature',
  );

  const expected = secrets.map((secret) => bambooHrDigest(secret, timestamp, delivery.rawBody));
  if (!anyDigestMatches(expected, [signature])) {
    throw new IntakeError(
      401,
      'intake.bad_signature',
      'X-BambooHR-Signature does not match the body and X-BambooHR-Timestamp for any configured ' +
        'secret',
    );
  }
}

const UNIX_SECONDS = /^\d{10}$/;
// Seconds are required and the offset too (Z, ±hh:mm or ±hhmm, as BambooHR's bodies write it).
const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/;

/** Unix seconds as BambooHR's fixtures show them, or a real ISO 8601 instant. */
function isBambooHrTimestamp(text: string): boolean {
  if (UNIX_SECONDS.test(text)) return true;

  return ISO_SECONDS.test(text) && parseIsoInstant(text) !== undefined;
}

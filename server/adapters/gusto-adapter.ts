/**
 * Intake for Gusto's webhooks, which carry only ids.
 *
 * - Bootstrap: creating a subscription makes Gusto POST `{"verification_token": "<uuid>"}`,
 *   unsigned, since no key exists yet. `handshake` recognises it and hands the token to the route,
 *   which records it for the operator; the operator confirms it to Gusto and configures it as the
 *   secret. Until then the adapter runs with no secret and refuses every other delivery.
 * - Signature: `X-Gusto-Signature` is the hex HMAC-SHA256 of the raw body keyed with the
 *   verification token; every configured token is tried, so a subscription can be replaced.
 * - Only `entity_type: Employee` events reach a person; `employee.deleted` withdraws the hire
 *   (`rescind_hire`) and every other employee event, known or not, becomes a `refresh`: the
 *   workflow reads the record through the Gusto HR reader, which is always safe.
 * - `employee.terminated` means a termination was created, usually for a later last day, not
 *   that the person has gone (Gusto's older documents said otherwise). It is a refresh like the
 *   rest: the record carries the termination's effective date, and Tenure's own timer acts at the
 *   policy's end time on that day. `employee.terminated_effective` and `employee.termination_effective` (both
 *   spellings are documented) arrive the day after the last day and only confirm it.
 * - Contractor events are acknowledged and start nothing: a contractor is a different Gusto
 *   record (`/v1/contractors`, with a start date and a dismissal rather than jobs and
 *   terminations) that the reader does not read, so a refresh would end in `hr.not_found`.
 *   TODO(gusto-contractors): read contractors too - when a deployment gives them Okta accounts.
 *   Other entities (Company, EmployeeJobCompensation, addresses, ...) name no person by their
 *   `entity_uuid` and are acknowledged the same way.
 */
import { createHmac } from 'node:crypto';

import { HR_ID_PATTERN, type HrEvent } from '../../domain/hr-event';
import { contentHash } from './canonical-json';
import { EARLIEST_EVENT, FUTURE_SKEW_MS, HR_ID_RULE } from './field-rules';
import { readGustoBody, readHandshakeToken, type GustoEventBody } from './gusto-schema';
import { invalidField } from './json-body';
import { anyDigestMatches, requireHeader } from './signature-check';
import { parseUnixSeconds } from './timestamps';
import { IntakeConfigError, IntakeError, type IncomingDelivery, type IntakeAdapter } from './types';

export const GUSTO_SOURCE = 'gusto';
export const GUSTO_SIGNATURE_HEADER = 'x-gusto-signature';

/**
 * Older deliveries are refused as replays. Gusto retries a failed delivery up to 16 times with
 * exponential backoff, which spans days (the exact schedule is UNVERIFIED), and the signature
 * covers the event's own timestamp rather than the send time, so a late genuine retry carries an
 * old timestamp. A week lets every retry through; a replay inside it is harmless, because the
 * event's uuid is its idempotency key and the event only asks for a read of the record.
 */
export const GUSTO_REPLAY_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

export interface GustoAdapterOptions {
  /**
   * The subscription's verification token(s), more than one while a subscription is replaced.
   * Empty while bootstrapping: the handshake is answered and everything else refused.
   */
  secrets: string[];
}

/**
 * The adapter for Gusto webhooks: one event per employee delivery, none for other entities, and
 * the bootstrap handshake answered with the token handed to the route.
 * @throws IntakeConfigError when a secret is not a non-empty string.
 */
export function createGustoAdapter(options: GustoAdapterOptions): IntakeAdapter {
  const secrets = checkedSecrets(options.secrets);

  return {
    source: GUSTO_SOURCE,
    handshake(delivery) {
      const token = readHandshakeToken(delivery);
      if (token === undefined) return undefined;

      return { body: { received: 'verification_token' }, verificationToken: token };
    },
    parse(delivery) {
      verifySignature(delivery, secrets);

      const body = readGustoBody(delivery);
      const sentAt = parseUnixSeconds(body.timestamp);
      if (sentAt === undefined) throw invalidField(['timestamp'], 'expected unix seconds');
      if (delivery.receivedAt.getTime() - Date.parse(sentAt) > GUSTO_REPLAY_WINDOW_MS) {
        throw new IntakeError(
          401,
          'intake.stale_timestamp',
          'timestamp is more than 7 days old, longer than Gusto retries; refused as a replay',
        );
      }
      if (body.entity_type !== 'Employee') return [];

      const hrId = body.entity_uuid?.trim() ?? '';
      if (hrId === '') throw invalidField(['entity_uuid'], 'is required for Employee events');
      if (!HR_ID_PATTERN.test(hrId)) throw invalidField(['entity_uuid'], HR_ID_RULE);

      const event: HrEvent = {
        eventId: eventIdOf(body, hrId),
        source: GUSTO_SOURCE,
        hrId,
        kind: body.event_type === 'employee.deleted' ? 'rescind_hire' : 'refresh',
        occurredAt: occurredAtOf(sentAt, delivery.receivedAt),
      };

      return [event];
    },
  };
}

/**
 * Compared in constant time with every configured token. With none configured yet, nothing can
 * be verified, and the message says what is missing rather than blaming the sender.
 */
function verifySignature(delivery: IncomingDelivery, secrets: readonly string[]): void {
  if (secrets.length === 0) {
    throw new IntakeError(
      401,
      'intake.bad_signature',
      'No Gusto verification token is configured yet; finish the webhook bootstrap and set it ' +
        'in TENURE_GUSTO_SECRETS',
    );
  }

  const header = requireHeader(delivery.headers, GUSTO_SIGNATURE_HEADER, 'X-Gusto-Signature');
  const expected = secrets.map((secret) => gustoDigest(secret, delivery.rawBody));
  const offered = header.split(',').map((part) => part.trim());
  if (!anyDigestMatches(expected, offered)) {
    throw new IntakeError(
      401,
      'intake.bad_signature',
      'X-Gusto-Signature does not match the body for any configured verification token',
    );
  }
}

/** HMAC-SHA256 over the raw body keyed with the verification token, as Gusto computes it. */
export function gustoDigest(secret: string, rawBody: Buffer | string): Buffer {
  return createHmac('sha256', secret).update(rawBody).digest();
}

/** The value for the `X-Gusto-Signature` header (lower-case hex), as Gusto would send it. */
export function signGusto(secret: string, rawBody: Buffer | string): string {
  return gustoDigest(secret, rawBody).toString('hex');
}

/** Unlike the other sources, none is allowed: the token arrives only after start-up. */
function checkedSecrets(secrets: readonly string[]): readonly string[] {
  if (!Array.isArray(secrets)) throw new IntakeConfigError('The Gusto secrets must be a list');
  if (secrets.some((secret) => typeof secret !== 'string' || secret.length === 0)) {
    throw new IntakeConfigError('Every Gusto verification token must be a non-empty string');
  }

  return [...secrets];
}

/**
 * Gusto's own event id when it sends one. Without it (deliveries from before February 2024), a
 * hash of what the event says, so that a redelivery gets the same key.
 */
function eventIdOf(body: GustoEventBody, hrId: string): string {
  if (body.uuid) return `${GUSTO_SOURCE}:${body.uuid}`;
  const { event_type: type, entity_type: entity, timestamp } = body;

  return `${GUSTO_SOURCE}:${contentHash({ type, entity, hrId, timestamp: String(timestamp) })}`;
}

/** As for the other sources, a time before 2000 or in the future gives way to the arrival time. */
function occurredAtOf(sentAt: string, receivedAt: Date): string {
  const plausible =
    sentAt >= EARLIEST_EVENT && Date.parse(sentAt) <= receivedAt.getTime() + FUTURE_SKEW_MS;

  return plausible ? sentAt : receivedAt.toISOString();
}

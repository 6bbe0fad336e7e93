/**
 * Intake for Personio's API v2 webhooks, which carry only ids. Person and employment events
 * become a `refresh` (the person workflow reads the record through the Personio HR reader); a
 * deleted person or employment withdraws the hire; absence, attendance, document and other
 * events are acknowledged and start nothing.
 *
 * Personio signs nothing. A webhook created with `auth_type: TOKEN` (Personio's default) sends
 * the token configured on it, verbatim, in `Authorization`; that token is the shared secret
 * checked here. Personio waits 3 s for an answer, so the adapter reads no more than the envelope.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

import { HR_ID_PATTERN, type HrEvent, type HrEventKind } from '../../domain/hr-event';
import { contentHash } from './canonical-json';
import { EARLIEST_EVENT, FUTURE_SKEW_MS, HR_ID_RULE } from './field-rules';
import { invalidField } from './json-body';
import {
  familyOf,
  PERSON_FAMILIES,
  PERSONIO_WITHDRAWING_EVENTS,
  readPersonioBody,
  type PersonioEventBody,
} from './personio-schema';
import { requireHeader } from './signature-check';
import { parseIsoInstant } from './timestamps';
import { IntakeError, requireSecrets, type IncomingDelivery, type IntakeAdapter } from './types';

export const PERSONIO_SOURCE = 'personio';
/** Personio counts a delivery as failed when no 2xx came within 3 s, and retries it. */
export const PERSONIO_ACK_TIMEOUT_MS = 3000;

export interface PersonioAdapterOptions {
  /**
   * The token(s) set on the Personio webhook (`token`, with `auth_type: TOKEN`); more than one
   * while rotating, since retries already queued may still carry the old one (UNVERIFIED whether
   * Personio's retries resend the token of the original attempt).
   */
  secrets: string[];
}

/**
 * The adapter for Personio v2 webhooks: at most one event per delivery.
 * @throws IntakeConfigError when no secret is given.
 */
export function createPersonioAdapter(options: PersonioAdapterOptions): IntakeAdapter {
  const digests = requireSecrets(PERSONIO_SOURCE, options.secrets).map(sha256);

  return {
    source: PERSONIO_SOURCE,
    ackTimeoutMs: PERSONIO_ACK_TIMEOUT_MS,
    parse(delivery) {
      verifyToken(delivery, digests);

      const body = readPersonioBody(delivery);
      const family = familyOf(body.event_name);
      // Absences, attendances and documents decide no access; leaves are read-only in Personio
      // and reach Tenure through no event yet. Acknowledged, so that Personio stops retrying.
      if (!(PERSON_FAMILIES as readonly string[]).includes(family)) return [];

      const hrId = personIdOf(body, family);
      const event: HrEvent = {
        eventId: eventIdOf(body, hrId),
        source: PERSONIO_SOURCE,
        hrId,
        kind: kindOf(body.event_name),
        occurredAt: occurredAtOf(body.occurred_at, delivery.receivedAt),
      };

      return [event];
    },
  };
}

/**
 * A deleted person withdraws the hire. So does a deleted employment: Personio relates a person to
 * one employment (its event catalogue says one to one; UNVERIFIED beyond that note), so a person
 * whose employment HR deleted has none left, and keeping access on the strength of an employment
 * HR removed is the worse mistake. Should HR create a new one, `employment.created` reads the
 * record again, and the new employment (its id is part of the reader's keys) is a new hire.
 * Every other person or employment event, known or added by Personio later, says only that the
 * record changed, and reading it is always safe.
 */
function kindOf(eventName: string): HrEventKind {
  return (PERSONIO_WITHDRAWING_EVENTS as readonly string[]).includes(eventName)
    ? 'rescind_hire'
    : 'refresh';
}

const sha256 = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * `Authorization` as Personio sends it: exactly the configured token, so with or without a
 * `Bearer ` prefix depending on how the operator wrote it. Both forms are compared, as SHA-256
 * digests (equal lengths whatever was sent), with every configured secret, and nothing stops
 * early. There is no signed timestamp, so no replay window: a replayed delivery carries the same
 * idempotency key and is acknowledged without effect.
 */
function verifyToken(delivery: IncomingDelivery, digests: readonly Buffer[]): void {
  const header = requireHeader(delivery.headers, 'authorization', 'Authorization');
  const bare = /^Bearer\s+(.+)$/i.exec(header)?.[1];
  const offered = bare === undefined ? [header] : [header, bare];

  let matched = false;
  for (const candidate of offered.map(sha256)) {
    for (const digest of digests) matched = timingSafeEqual(candidate, digest) || matched;
  }
  if (!matched) {
    throw new IntakeError(
      401,
      'intake.bad_token',
      'Authorization matches no configured Personio webhook token',
    );
  }
}

/**
 * The person's id: `payload.id` on person events, the employment's person on employment events
 * (where `payload.id` is the employment's own id). The paths are UNVERIFIED; the 400 names the
 * one expected first.
 */
function personIdOf(body: PersonioEventBody, family: string): string {
  const { payload } = body;
  const candidates: [PropertyKey[], unknown][] = [
    ...(family === 'person' ? [[['payload', 'id'], payload.id] as [PropertyKey[], unknown]] : []),
    [['payload', 'person', 'id'], payload.person?.id],
    [['payload', 'person_id'], payload.person_id],
  ];
  const found = candidates.find(([, value]) => value !== undefined && value !== null);
  const [path, value] = found ?? candidates[0]!;
  if (value === undefined || value === null) throw invalidField(path, 'is required');

  const hrId = String(value).trim();
  if (!HR_ID_PATTERN.test(hrId)) throw invalidField(path, HR_ID_RULE);

  return hrId;
}

// An event id in `meta`, if Personio sends one (UNVERIFIED), in a shape safe for a key.
const META_EVENT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Personio's event id when `meta.event_id` carries one; otherwise a hash of what the delivery
 * says, so that a redelivery, which repeats it byte for byte, gets the same key.
 */
function eventIdOf(body: PersonioEventBody, hrId: string): string {
  const metaId = body.meta?.event_id;
  if (typeof metaId === 'string' && META_EVENT_ID.test(metaId)) {
    return `${PERSONIO_SOURCE}:event:${metaId}`;
  }
  const { event_name, company_id, occurred_at, payload } = body;

  return `${PERSONIO_SOURCE}:${contentHash({ event_name, company_id, hrId, occurred_at, payload })}`;
}

// A date-time without an offset; Personio documents its times as UTC.
const WITHOUT_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/;

/**
 * `occurred_at` as an instant (read as UTC when it has no offset). A time in the future or
 * before 2000, or one that is no ISO time at all, gives way to the arrival time, so that it
 * cannot win ordering forever.
 */
function occurredAtOf(occurredAt: string, receivedAt: Date): string {
  const text = occurredAt.trim();
  const parsed = parseIsoInstant(WITHOUT_OFFSET.test(text) ? `${text}Z` : text);
  const plausible =
    parsed !== undefined &&
    parsed >= EARLIEST_EVENT &&
    Date.parse(parsed) <= receivedAt.getTime() + FUTURE_SKEW_MS;

  return plausible ? parsed : receivedAt.toISOString();
}

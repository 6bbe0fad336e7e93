/**
 * Intake for Okta Event Hooks, which report changes made in Okta itself: for users that Active
 * Directory or LDAP master, a deactivation there is the leaver signal. Okta authenticates with a
 * static secret in a header it is configured to send (no HMAC, no timestamp), proves the endpoint
 * with a one-time GET challenge, and delivers System Log events in batches, at least once and in
 * no particular order: they are deduplicated by `uuid` and put in `published` order here.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

import { OKTA_USER_ID_PATTERN, type DirectoryEvent } from '../../domain/directory-event';
import { CONTROL_CHARACTERS, FUTURE_SKEW_MS, MAX_TEXT_LENGTH } from './field-rules';
import { invalidField, parseWithSchema, readJsonBody } from './json-body';
import {
  OKTA_USER_EVENT_TYPES,
  oktaEventHookBodySchema,
  type OktaLogEvent,
} from './okta-event-hook-schema';
import { parseIsoInstant } from './timestamps';
import { IntakeError, requireSecrets, type IncomingDelivery } from './types';

export const OKTA_EVENT_HOOK_ROUTE = 'okta';
export const OKTA_CHALLENGE_HEADER = 'x-okta-verification-challenge';

export interface OktaEventHookOptions {
  /** The secret(s) configured as the hook's header value; more than one while rotating. */
  secrets: string[];
  /** The header Okta is configured to send the secret in; `authorization` unless changed. */
  header?: string;
}

export interface OktaEventHookAdapter {
  route: string;
  /**
   * The answer to Okta's one-time verification GET: the challenge echoed as JSON.
   * @throws IntakeError 401 without the secret, 400 for a missing or malformed challenge.
   */
  verify(delivery: IncomingDelivery): { verification: string };
  /**
   * The delivery's user lifecycle events, one per uuid, oldest first; other event types (Okta
   * sends whatever the hook subscribes to) and failed outcomes are left out.
   * @throws IntakeError 401 without the secret, 415/400 for a body that is not a hook delivery.
   */
  parse(delivery: IncomingDelivery): DirectoryEvent[];
}

/**
 * Creates the adapter for Okta Event Hooks.
 * @throws IntakeConfigError when no secret is given.
 */
export function createOktaEventHookAdapter(options: OktaEventHookOptions): OktaEventHookAdapter {
  const digests = requireSecrets('okta', options.secrets).map(digest);
  const header = (options.header ?? 'authorization').toLowerCase();

  function authenticate(delivery: IncomingDelivery): void {
    const given = delivery.headers[header];
    const presented = given === undefined ? undefined : digest(given.trim());
    // Every configured secret is compared, on fixed-length digests, whatever the outcome.
    let matched = false;
    for (const expected of digests) {
      matched = (presented !== undefined && timingSafeEqual(presented, expected)) || matched;
    }
    if (!matched) {
      throw new IntakeError(
        401,
        'intake.bad_signature',
        `The ${header} header does not hold a configured Okta Event Hook secret`,
      );
    }
  }

  return {
    route: OKTA_EVENT_HOOK_ROUTE,
    verify(delivery) {
      authenticate(delivery);
      const challenge = delivery.headers[OKTA_CHALLENGE_HEADER]?.trim() ?? '';
      if (!CHALLENGE_SHAPE.test(challenge)) {
        throw new IntakeError(
          400,
          'intake.invalid_challenge',
          'X-Okta-Verification-Challenge is missing or not a plain token of up to 256 characters',
        );
      }

      return { verification: challenge };
    },
    parse(delivery) {
      authenticate(delivery);
      const body = parseWithSchema(oktaEventHookBodySchema, readJsonBody(delivery));

      const byUuid = new Map<string, DirectoryEvent>();
      body.data.events.forEach((logEvent, index) => {
        const event = directoryEventOf(logEvent, index, delivery.receivedAt);
        if (event && !byUuid.has(event.eventId)) byUuid.set(event.eventId, event);
      });

      return [...byUuid.values()].sort((a, b) => a.publishedAt.localeCompare(b.publishedAt));
    },
  };
}

// Okta's challenges are opaque tokens; anything else is not reflected back.
const CHALLENGE_SHAPE = /^[A-Za-z0-9._~+/=-]{1,256}$/;

/** The user lifecycle event, or undefined for an event Tenure does not act on. */
function directoryEventOf(
  logEvent: OktaLogEvent,
  index: number,
  receivedAt: Date,
): DirectoryEvent | undefined {
  const change = OKTA_USER_EVENT_TYPES.get(logEvent.eventType);
  if (change === undefined) return undefined;
  // A deactivation that failed did not happen; the outcome is absent on some older events.
  const result = logEvent.outcome?.result;
  if (result && result !== 'SUCCESS') return undefined;

  const path = ['data', 'events', index];
  const user = (logEvent.target ?? []).find((target) => target.type === 'User');
  if (!user) throw invalidField([...path, 'target'], 'names no target of type User');
  if (!OKTA_USER_ID_PATTERN.test(user.id)) {
    throw invalidField([...path, 'target', 'id'], 'is not an Okta user id');
  }
  const published = parseIsoInstant(logEvent.published);
  if (published === undefined) {
    throw invalidField([...path, 'published'], 'is not an ISO 8601 instant with an offset');
  }
  // The workflow keeps the newest change per user by this time, so one event dated far ahead
  // would outrank every real one for good; beyond clock skew, the arrival time stands in.
  const publishedAt =
    Date.parse(published) > receivedAt.getTime() + FUTURE_SKEW_MS
      ? receivedAt.toISOString()
      : published;
  if (!UUID_SHAPE.test(logEvent.uuid)) {
    throw invalidField([...path, 'uuid'], 'is not a System Log event uuid');
  }
  const login = user.alternateId?.trim();

  return {
    eventId: `okta:${logEvent.uuid}`,
    directory: 'okta',
    userId: user.id,
    change,
    publishedAt,
    ...(login && login.length <= MAX_TEXT_LENGTH && !CONTROL_CHARACTERS.test(login)
      ? { loginHint: login }
      : {}),
  };
}

const UUID_SHAPE = /^[A-Za-z0-9-]{1,128}$/;

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

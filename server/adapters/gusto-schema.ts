/**
 * The body of a Gusto webhook event (ids only), and the recognition of Gusto's bootstrap, the
 * one unsigned POST carrying the `verification_token` that later keys every signature.
 */
import { z } from 'zod';

import { invalidField, parseWithSchema, readJsonBody } from './json-body';
import type { IncomingDelivery } from './types';

/**
 * The employee event types Gusto documents, for reference and tests; others are accepted too.
 * Both spellings of the effective termination appear in Gusto's own documents (the app
 * integration event list and the embedded payroll changelog).
 */
export const GUSTO_EMPLOYEE_EVENT_TYPES = [
  'employee.created',
  'employee.updated',
  'employee.onboarded',
  'employee.marked_for_self_onboarding',
  'employee.self_onboarding_completed',
  'employee.terminated',
  'employee.terminated_effective',
  'employee.termination_effective',
  'employee.termination_cancelled',
  'employee.rehired',
  'employee.rehire_effective',
  'employee.rehire_cancelled',
  'employee.deleted',
  'employee.invited_to_partner_portal',
] as const;

// Gusto's ids are UUIDs; a little wider, so that a format change is not a refusal.
const GUSTO_ID = /^[A-Za-z0-9-]{1,64}$/;
const GUSTO_ID_RULE = 'expected 1-64 letters, digits or dashes (a Gusto UUID)';
const EVENT_TYPE = /^[A-Za-z0-9_.-]{1,128}$/;

/**
 * The event envelope (also for the OpenAPI document). Not strict: Gusto has added keys before
 * (`uuid` in February 2024) and dropped others (`resource_id`, `entity_id`), and a refusal costs
 * sixteen retries. `entity_uuid` is checked against the HR id alphabet only for employee events.
 */
export const gustoEventBodySchema = z.object({
  // The event's own id, added for deduplication; older senders leave it out.
  uuid: z.string().regex(GUSTO_ID, GUSTO_ID_RULE).nullish(),
  event_type: z.string().regex(EVENT_TYPE, 'expected an event type such as employee.updated'),
  // Always `Company` in Gusto's documents: the company the entity belongs to.
  resource_type: z.string().nullish(),
  resource_uuid: z.string().nullish(),
  // The API resource the event is about: `Employee`, `Contractor`, `Company`, ...
  entity_type: z.string().max(64),
  entity_uuid: z.string().nullish(),
  // Numeric ids of older API versions; not used.
  resource_id: z.union([z.number(), z.string()]).nullish(),
  entity_id: z.union([z.number(), z.string()]).nullish(),
  // Unix seconds; bounds the replay window, so it is required.
  timestamp: z.union(
    [z.number().int().nonnegative(), z.string().regex(/^\d{1,12}$/, 'expected unix seconds')],
    {
      error: 'expected unix seconds',
    },
  ),
});

export type GustoEventBody = z.output<typeof gustoEventBodySchema>;

/** The bootstrap body: `{"verification_token": "<uuid>"}` and nothing else. */
export const gustoHandshakeSchema = z.strictObject({
  verification_token: z.string().regex(/^[A-Za-z0-9-]{8,128}$/),
});

const TOKEN_RULE = 'expected 8-128 letters, digits or dashes (the UUID Gusto sends)';
// The bootstrap is one short key and a UUID; anything longer is never one.
const MAX_HANDSHAKE_BYTES = 512;

/**
 * The verification token when the delivery is Gusto's bootstrap; undefined for anything else.
 * Parsed from an unsigned sender, so it is bounded by size before anything is decoded, and only a
 * JSON object whose one key is `verification_token` counts.
 * @throws IntakeError 400 naming `verification_token` when that one key holds no usable token.
 */
export function readHandshakeToken(delivery: IncomingDelivery): string | undefined {
  if (delivery.rawBody.length > MAX_HANDSHAKE_BYTES) return undefined;

  let parsed: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(delivery.rawBody);
    parsed = JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const keys = Object.keys(parsed);
  if (keys.length !== 1 || keys[0] !== 'verification_token') return undefined;

  const result = gustoHandshakeSchema.safeParse(parsed);
  if (!result.success) throw invalidField(['verification_token'], TOKEN_RULE);

  return result.data.verification_token;
}

/**
 * The delivery's JSON body checked against the schema. Call only after the signature has been
 * checked.
 * @throws IntakeError 415 for another media type, 400 naming the field at fault.
 */
export function readGustoBody(delivery: IncomingDelivery): GustoEventBody {
  return parseWithSchema(gustoEventBodySchema, readJsonBody(delivery));
}

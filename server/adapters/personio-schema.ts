/**
 * The envelope of a Personio API v2 webhook and the families of its event names. Personio's
 * webhooks are "dataless notifications": the payload names the entity that changed, never its
 * data, so the envelope is all this schema checks.
 */
import { z } from 'zod';

import { parseWithSchema, readJsonBody } from './json-body';
import type { IncomingDelivery } from './types';

/** Events that say a person's record changed; the workflow reads it through the Personio API. */
export const PERSONIO_REFRESH_EVENTS = [
  'person.created',
  'person.updated',
  'employment.created',
  'employment.updated',
  // Effective-date notifications, sent on the start or termination date itself.
  'employment.started',
  'employment.terminated',
] as const;

/** Events that withdraw the hire: the person, or their only employment, is gone from Personio. */
export const PERSONIO_WITHDRAWING_EVENTS = ['person.deleted', 'employment.deleted'] as const;

/** The families whose events concern a person and therefore need the person's id. */
export const PERSON_FAMILIES = ['person', 'employment'] as const;

// `family.action`, lower case; Personio's absence, attendance and document events follow it too.
const EVENT_NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

/** An id as Personio writes it: a string, or a whole number in older tenants (UNVERIFIED). */
const entityId = z.union([z.string(), z.number().int().nonnegative()], {
  error: (issue) =>
    issue.input === undefined ? 'is required' : 'expected a string or a whole number',
});

/**
 * The envelope, as Personio's published JSON schema has it: `company_id`, `event_name`,
 * `occurred_at` and `payload` required, `meta` optional. Not strict anywhere: Personio may add
 * keys, and a refusal costs up to three days of Personio's retries.
 *
 * Where the person's id sits in `payload` is UNVERIFIED (the event catalogue could not be read):
 * `payload.id` for person events, `payload.person.id` or `payload.person_id` for employment
 * events. The mapping tries each and names the one it expected when none is there.
 */
export const personioEventBodySchema = z.looseObject({
  company_id: entityId,
  event_name: z
    .string()
    .max(128, { error: 'must be at most 128 characters' })
    .regex(EVENT_NAME, { error: 'expected an event name such as person.updated' }),
  // Checked and normalised when mapped; an unreadable time gives way to the arrival time.
  occurred_at: z.string().max(64, { error: 'must be at most 64 characters' }),
  // null is read as absent: a payload may name one id and leave the others empty.
  payload: z.looseObject({
    id: entityId.nullish(),
    person_id: entityId.nullish(),
    person: z.looseObject({ id: entityId.nullish() }).nullish(),
  }),
  meta: z.looseObject({ event_id: z.unknown().optional() }).nullish(),
});

export type PersonioEventBody = z.output<typeof personioEventBodySchema>;

/**
 * The delivery's JSON body checked against the envelope. Call only after the token has been
 * checked, so that nothing from an unauthenticated sender is parsed.
 * @throws IntakeError 415 for another media type, 400 naming the field at fault.
 */
export function readPersonioBody(delivery: IncomingDelivery): PersonioEventBody {
  return parseWithSchema(personioEventBodySchema, readJsonBody(delivery));
}

/** The event's family (`person`, `employment`, `absence_period`, ...). */
export function familyOf(eventName: string): string {
  return eventName.slice(0, eventName.indexOf('.'));
}

/**
 * The body of an Okta Event Hook delivery: a CloudEvents-like envelope whose `data.events` holds
 * one or more System Log events. Only the fields Tenure reads are checked; Okta adds others.
 */
import { z } from 'zod';

import type { DirectoryChange } from '../../domain/directory-event';

/**
 * System Log event types about a user's lifecycle, and the change each one reports. A Map, not an
 * object literal: the event type is the sender's text, and a lookup on a plain object would find
 * `constructor` or `__proto__` on its prototype.
 */
export const OKTA_USER_EVENT_TYPES: ReadonlyMap<string, DirectoryChange> = new Map([
  ['user.lifecycle.activate', 'activated'],
  ['user.lifecycle.deactivate', 'deactivated'],
  ['user.lifecycle.reactivate', 'reactivated'],
  ['user.lifecycle.suspend', 'suspended'],
  ['user.lifecycle.unsuspend', 'unsuspended'],
  ['user.lifecycle.delete.initiated', 'deleted'],
  ['user.lifecycle.delete.completed', 'deleted'],
]);

/** Okta's documented limit is far lower; this only bounds the work one request can cause. */
export const MAX_HOOK_EVENTS = 1_000;

const target = z.looseObject({
  id: z.string().min(1).max(128),
  type: z.string().max(64),
  alternateId: z.string().max(256).nullish(),
});

const logEvent = z.looseObject({
  uuid: z.string().min(1).max(128),
  published: z.string().max(64),
  eventType: z.string().max(128),
  outcome: z.looseObject({ result: z.string().max(64).nullish() }).nullish(),
  target: z.array(target).max(32).nullish(),
});

export const oktaEventHookBodySchema = z.looseObject({
  eventType: z.literal('com.okta.event_hook', {
    error: 'expected "com.okta.event_hook"; this route takes Okta Event Hook deliveries only',
  }),
  data: z.looseObject({ events: z.array(logEvent).max(MAX_HOOK_EVENTS) }),
});

export type OktaEventHookBody = z.output<typeof oktaEventHookBodySchema>;
export type OktaLogEvent = OktaEventHookBody['data']['events'][number];

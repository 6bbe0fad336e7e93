/**
 * Intake for HR systems and directories that push users to Tenure over SCIM 2.0: creates (POST),
 * replaces (PUT) and patches (PATCH) of `/Users` become canonical HR events. SCIM describes state,
 * not dates, so the lifecycle meaning is read from `active`:
 *
 * - create, active (or absent): a hire starting on Tenure's `startDate` extension when given, else
 *   today (in the user's `timezone` when sent, else in UTC); the policy's start time still applies.
 * - create, `active: false`: an update; Tenure learns the person and grants nothing yet.
 * - PUT or PATCH setting `active: false` (Entra's string `"False"` too): an immediate termination.
 * - PATCH setting `active: true`: a hire today (or on `startDate`), then a withdrawal of any
 *   termination, so that a same-day reactivation is not left terminated.
 * - PUT with `active: true`: an update (a hire when `startDate` is sent), then the withdrawal.
 * - anything else: an update, or nothing at all when no attribute Tenure reads is present.
 *
 * Every body must list its SCIM schema (`schemas`): the core User for a create or replace, PatchOp
 * for a patch. Method and user id come from the route, so this adapter takes a `ScimDelivery`
 * rather than a plain webhook delivery; it is pure like the others. SCIM.md documents the
 * endpoint for senders.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

import {
  HR_ID_PATTERN,
  type HrEvent,
  type HrEventKind,
  type LocalDate,
  type PersonAttributes,
} from '../../domain/hr-event';
import { localDateOf } from '../../domain/instants';
import { contentHash } from './canonical-json';
import { EMAIL_SHAPE, HR_ID_RULE } from './field-rules';
import { readJsonBody } from './json-body';
import { readPatch } from './scim-patch';
import {
  applyResource,
  invalidScim,
  requireSchema,
  ScimIntakeError,
  USER_SCHEMA,
  type ScimChanges,
} from './scim-schema';
import { IntakeConfigError, IntakeError, type IncomingDelivery } from './types';

export const SCIM_SOURCE = 'scim';

export type ScimOperation = 'create' | 'replace' | 'patch';

/** A SCIM write as the router received it. */
export interface ScimDelivery extends IncomingDelivery {
  operation: ScimOperation;
  /** The `{id}` of `/Users/{id}`; absent for a create. */
  resourceId?: string;
}

/** What a write means: the person, the events to deliver in order, and what to answer. */
export interface ScimWrite {
  hrId: string;
  events: HrEvent[];
  /** `active` as the request set it, when it did. */
  active?: boolean;
  userName?: string;
}

export interface ScimAdapterOptions {
  /** Every bearer token currently accepted; more than one while a token is being rotated. */
  tokens: string[];
}

export interface ScimAdapter {
  source: typeof SCIM_SOURCE;
  /** @throws ScimIntakeError (401) unless `Authorization: Bearer <token>` names a known token. */
  authenticate(headers: Record<string, string | undefined>): void;
  /**
   * Authenticates, then maps the body; reads nothing of the body before the token is checked.
   * @throws IntakeError (a `ScimIntakeError` for SCIM-specific refusals) for any 4xx.
   */
  parse(delivery: ScimDelivery): ScimWrite;
}

const HIRE_REQUIREMENTS: [keyof PersonAttributes, string][] = [
  ['firstName', 'name.givenName'],
  ['lastName', 'name.familyName'],
  ['email', 'emails (or an email-shaped userName)'],
];

/**
 * The SCIM adapter.
 * @throws IntakeConfigError when no token is given or a token is empty.
 */
export function createScimAdapter(options: ScimAdapterOptions): ScimAdapter {
  const digests = tokenDigests(options.tokens);

  const authenticate = (headers: Record<string, string | undefined>): void => {
    const offered = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization?.trim() ?? '')?.[1];
    if (offered === undefined) {
      throw new ScimIntakeError(401, 'intake.bad_token', 'Send Authorization: Bearer <token>');
    }
    // Every configured token is compared, and nothing stops early.
    const given = sha256(offered);
    let matched = false;
    for (const digest of digests) matched = timingSafeEqual(given, digest) || matched;
    if (!matched) {
      throw new ScimIntakeError(401, 'intake.bad_token', 'The bearer token matches no SCIM token');
    }
  };

  return {
    source: SCIM_SOURCE,
    authenticate,
    parse(delivery) {
      authenticate(delivery.headers);

      const body = readScimJson(delivery);
      const changes = readChanges(delivery, body);
      const hrId = hrIdOf(delivery, changes);
      // SCIM has no event id, and a request states values rather than steps, so applying one
      // twice is harmless, while taking a genuine repeat for a redelivery is not: deactivate,
      // reactivate, deactivate within any shared window would end active. The arrival instant,
      // to the millisecond, is therefore part of the key, so no request is ever a duplicate of an
      // earlier one; a client's retry is applied again and changes nothing.
      const key = `${SCIM_SOURCE}:${contentHash({
        operation: delivery.operation,
        id: hrId,
        body,
        receivedAt: delivery.receivedAt.toISOString(),
      })}`;
      const events = eventsOf(delivery, changes, hrId).map((event) => ({
        ...event,
        eventId: `${key}:${event.kind}`,
      }));

      const write: ScimWrite = { hrId, events };
      if (changes.active !== undefined) write.active = changes.active;
      if (changes.userName !== undefined) write.userName = changes.userName;

      return write;
    },
  };
}

function tokenDigests(tokens: readonly string[]): Buffer[] {
  if (!Array.isArray(tokens) || tokens.length === 0) {
    throw new IntakeConfigError('The scim adapter needs at least one bearer token');
  }
  if (tokens.some((token) => typeof token !== 'string' || token.trim().length === 0)) {
    throw new IntakeConfigError('Every SCIM bearer token must be a non-empty string');
  }

  // Digests have one length, so comparing them reveals nothing about a token's length.
  return tokens.map((token) => sha256(token.trim()));
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** The JSON body; a body that is not JSON is a SCIM `invalidSyntax`. */
function readScimJson(delivery: ScimDelivery): unknown {
  try {
    return readJsonBody(delivery);
  } catch (error) {
    if (error instanceof IntakeError && error.status === 400) {
      throw invalidScim(error.message, 'invalidSyntax');
    }
    throw error;
  }
}

function readChanges(delivery: ScimDelivery, body: unknown): ScimChanges {
  if (delivery.operation === 'patch') return readPatch(body);

  requireSchema(body, USER_SCHEMA);
  const changes: ScimChanges = { attributes: {} };
  applyResource(changes, body, 'body');
  // Many clients put the work email in userName and send no emails.
  if (changes.attributes.email === undefined && EMAIL_SHAPE.test(changes.userName ?? '')) {
    changes.attributes.email = changes.userName;
  }

  return changes;
}

/** The HR id: `externalId` for a create, the path's id otherwise, which may not change. */
function hrIdOf(delivery: ScimDelivery, changes: ScimChanges): string {
  if (delivery.operation === 'create') {
    if (changes.externalId === undefined) {
      throw invalidScim('body: externalId is required; Tenure uses it as the HR id');
    }

    return changes.externalId;
  }

  const id = delivery.resourceId ?? '';
  if (!HR_ID_PATTERN.test(id)) throw invalidScim(`id in the path: ${HR_ID_RULE}`);
  if (changes.externalId !== undefined && changes.externalId !== id) {
    throw invalidScim(
      'externalId: must equal the id in the path; an HR id cannot change (create a new user)',
      'mutability',
    );
  }

  return id;
}

type Draft = Omit<HrEvent, 'eventId'>;

function eventsOf(delivery: ScimDelivery, changes: ScimChanges, hrId: string): Draft[] {
  const base = { source: SCIM_SOURCE, hrId, occurredAt: delivery.receivedAt.toISOString() };
  const attributes = changes.attributes;
  const event = (kind: HrEventKind, extra: Partial<Draft> = {}): Draft => {
    const draft: Draft = { ...base, kind, ...extra };
    if (kind !== 'rescind_termination' && Object.keys(attributes).length > 0) {
      draft.attributes = { ...attributes };
    }

    return draft;
  };
  const today = (): LocalDate => todayFor(delivery.receivedAt, attributes.timeZone);
  const updateIfAny = (): Draft[] => (Object.keys(attributes).length > 0 ? [event('update')] : []);

  if (changes.active === false) {
    if (delivery.operation === 'create') return updateIfAny();

    return [event('terminate', { immediate: true })];
  }

  switch (delivery.operation) {
    case 'create':
      requireHireAttributes(attributes);

      return [event('hire', { effectiveDate: changes.startDate ?? today() })];
    case 'replace': {
      if (changes.startDate !== undefined) requireHireAttributes(attributes);
      const first =
        changes.startDate !== undefined
          ? [event('hire', { effectiveDate: changes.startDate })]
          : updateIfAny();

      return changes.active === true ? [...first, event('rescind_termination')] : first;
    }
    case 'patch':
      if (changes.active === true) {
        return [
          event('hire', { effectiveDate: changes.startDate ?? today() }),
          event('rescind_termination'),
        ];
      }

      return changes.startDate !== undefined
        ? [event('hire', { effectiveDate: changes.startDate })]
        : updateIfAny();
  }
}

/** A hire from a full resource must be complete: the workflow may never have seen the person. */
function requireHireAttributes(attributes: PersonAttributes): void {
  const missing = HIRE_REQUIREMENTS.filter(([name]) => attributes[name] === undefined);
  if (missing.length > 0) {
    throw invalidScim(`body: an active user needs ${missing.map(([, label]) => label).join(', ')}`);
  }
}

function todayFor(receivedAt: Date, timeZone: string | undefined): LocalDate {
  // The zone has been checked by the schema reader.
  return timeZone === undefined
    ? receivedAt.toISOString().slice(0, 10)
    : localDateOf(receivedAt.getTime(), timeZone);
}

/**
 * Intake for BambooHR's event-based webhooks, which carry only ids. A created or updated employee
 * becomes a `refresh` (the person workflow reads the record through the BambooHR HR reader); a
 * deleted employee becomes `rescind_hire`. The events carry the source `bamboohr`, as the
 * field-based adapter's do, so both formats reach the same person; the route is its own.
 */
import { HR_ID_PATTERN, type HrEvent } from '../../domain/hr-event';
import { verifyBambooHrSignature } from './bamboohr-adapter';
import { BAMBOOHR_SOURCE } from './bamboohr-mapping';
import { readEventBody, type EventBody } from './bamboohr-events-schema';
import { contentHash } from './canonical-json';
import { EARLIEST_EVENT, FUTURE_SKEW_MS, HR_ID_RULE } from './field-rules';
import { invalidField } from './json-body';
import { parseIsoInstant, parseUnixSeconds } from './timestamps';
import { requireSecrets, type IntakeAdapter } from './types';

/** Where the server mounts this adapter: `POST /webhooks/bamboohr-events`. */
export const BAMBOOHR_EVENTS_ROUTE = 'bamboohr-events';

export interface BambooHrEventsAdapterOptions {
  /** The webhook's private key(s); more than one while the webhook is being replaced. */
  secrets: string[];
}

/** An intake adapter whose route differs from the source it writes into events. */
export type BambooHrEventsAdapter = IntakeAdapter & { readonly route: string };

/**
 * The adapter for BambooHR event-based webhooks: one event per delivery.
 * @throws IntakeConfigError when no secret is given.
 */
export function createBambooHrEventsAdapter(
  options: BambooHrEventsAdapterOptions,
): BambooHrEventsAdapter {
  const secrets = requireSecrets(BAMBOOHR_EVENTS_ROUTE, options.secrets);

  return {
    source: BAMBOOHR_SOURCE,
    route: BAMBOOHR_EVENTS_ROUTE,
    parse(delivery) {
      verifyBambooHrSignature(delivery, secrets);

      const body = readEventBody(delivery);
      const hrId = String(body.data.employeeId).trim();
      if (!HR_ID_PATTERN.test(hrId)) throw invalidField(['data', 'employeeId'], HR_ID_RULE);

      const at = plausibleInstant(body.timestamp, delivery.receivedAt);
      const event: HrEvent = {
        eventId: eventIdOf(body, hrId, at === undefined ? delivery.receivedAt : undefined),
        source: BAMBOOHR_SOURCE,
        hrId,
        // Deleting an employee withdraws the hire; the workflow decides what that means after
        // the start date. Created and updated say only that the record changed: read it.
        kind: body.type === 'employee.deleted' ? 'rescind_hire' : 'refresh',
        occurredAt: at ?? delivery.receivedAt.toISOString(),
      };

      return [event];
    },
  };
}

/**
 * A hash of what the delivery says, the same for its JSON and form variants, so a redelivery gets
 * the same key. Without a usable timestamp two different changes could not be told apart (a
 * sender stuck on one empty, zero or future value would have every later change taken for a
 * redelivery and dropped), so the arrival time stands in: a redelivery then reads the record once
 * more, which changes nothing.
 */
function eventIdOf(body: EventBody, hrId: string, arrivedWithoutTime: Date | undefined): string {
  const timestamp =
    arrivedWithoutTime === undefined
      ? String(body.timestamp)
      : { receivedAt: arrivedWithoutTime.toISOString() };
  const changedFields = [...(body.data.changedFields ?? [])].sort();

  return `${BAMBOOHR_SOURCE}:${contentHash({ hrId, type: body.type, timestamp, changedFields })}`;
}

/**
 * BambooHR writes `2026-12-04T09:00:00+0000`; unix seconds are accepted too. As for field-based
 * webhooks, a time in the future or before 2000 is a sender's mistake: undefined, so that the
 * arrival time stands in and the mistake cannot win ordering forever.
 */
function plausibleInstant(
  timestamp: string | number | null | undefined,
  receivedAt: Date,
): string | undefined {
  const parsed =
    typeof timestamp === 'number'
      ? parseUnixSeconds(timestamp)
      : typeof timestamp === 'string'
        ? (parseUnixSeconds(timestamp.trim()) ?? parseIsoInstant(timestamp.trim()))
        : undefined;
  const plausible =
    parsed !== undefined &&
    parsed >= EARLIEST_EVENT &&
    Date.parse(parsed) <= receivedAt.getTime() + FUTURE_SKEW_MS;

  return plausible ? parsed : undefined;
}

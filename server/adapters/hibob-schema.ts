/**
 * The body of a HiBob v2 webhook (ids only), and the recognition of HiBob's setup ping, which is
 * not an event and comes before any secret has been agreed on.
 */
import { z } from 'zod';

import { parseWithSchema, readJsonBody } from './json-body';
import type { IncomingDelivery } from './types';

/** Types that only say the record changed; the person workflow reads it through the API. */
export const HIBOB_REFRESH_TYPES = [
  'employee.created',
  'employee.updated',
  'table.entry.created',
  'table.entry.updated',
  'employee.joined',
  'employee.left',
  'employee.inactivated',
  'employee.activated',
  // Listed in older HiBob documentation only; a leave is in the record, so reading it is right.
  'employee.temporaryLeave',
  'employee.access.revoked.immediately',
] as const;

export const HIBOB_EVENT_TYPES = [...HIBOB_REFRESH_TYPES, 'employee.deleted'] as const;

/**
 * The v2 envelope (also for the OpenAPI document). Not strict: HiBob adds keys to `data` per type
 * (`fieldUpdates`, `tableId`, `effectiveDate`), and a refusal costs days of HiBob's retries.
 */
export const hiBobEventBodySchema = z.object({
  companyId: z.union([z.string(), z.number()]).nullish(),
  type: z.enum(HIBOB_EVENT_TYPES, {
    error: `expected one of ${HIBOB_EVENT_TYPES.join(', ')}`,
  }),
  // The acting employee's id or `system`; not used, since it says who, not whom.
  triggeredBy: z.union([z.string(), z.number()]).nullish(),
  // `2025-01-08T13:06:26.915906`, without an offset; read as UTC when mapped.
  triggeredAt: z.string().nullish(),
  version: z.literal('v2', {
    error: 'expected "v2"; create the webhook as v2 (HiBob no longer creates v1 webhooks)',
  }),
  data: z.looseObject({
    // Checked against the HR id alphabet when mapped.
    employeeId: z.union([z.string(), z.number().int()], {
      error: 'expected a string or a whole number',
    }),
  }),
});

export type HiBobEventBody = z.output<typeof hiBobEventBodySchema>;

// The two forms HiBob's handshake takes: the plain text first, then this JSON if that failed.
const PLAIN_PING = 'Ping test';
const JSON_PING = /^\s*\{\s*"text"\s*:\s*"Ping test"\s*\}\s*$/;

/**
 * True for HiBob's setup ping. Matched on the bytes, so that nothing from a sender that may not
 * have signed is parsed; the ping is answered whether signed or not, because it starts nothing.
 */
export function isPing(delivery: IncomingDelivery): boolean {
  // Longer bodies are never a ping; the check stays cheap whatever was sent.
  if (delivery.rawBody.length > 64) return false;
  const text = delivery.rawBody.toString('latin1');

  return text.trim() === PLAIN_PING || JSON_PING.test(text);
}

/**
 * The delivery's JSON body checked against the schema. Call only after the signature has been
 * checked.
 * @throws IntakeError 415 for another media type, 400 naming the field at fault.
 */
export function readHiBobBody(delivery: IncomingDelivery): HiBobEventBody {
  return parseWithSchema(hiBobEventBodySchema, readJsonBody(delivery));
}

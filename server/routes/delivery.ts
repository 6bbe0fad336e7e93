/**
 * What the intake routes share: turning a request into the delivery an adapter reads, and handing
 * a batch on to Temporal one sender-subject at a time (a person, an Okta user), several at once.
 */
import type { Request } from 'express';

import type { IncomingDelivery } from '../adapters';

/** Subjects handed on at once; each subject's own items stay in order. */
const DELIVERY_CONCURRENCY = 16;

/** The request as an adapter sees it: the raw bytes, lower-cased headers, the arrival time. */
export function incomingDelivery(req: Request, clock?: () => Date): IncomingDelivery {
  return {
    rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
    headers: lowerCaseHeaders(req),
    receivedAt: (clock ?? (() => new Date()))(),
  };
}

export function lowerCaseHeaders(req: Request): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }

  return headers;
}

/**
 * Runs `handOn` for every item: each queue's items in order, up to DELIVERY_CONCURRENCY queues at
 * once. Rejects on the first failure.
 */
export async function handOnInLanes<T>(
  queues: T[][],
  handOn: (item: T) => Promise<unknown>,
): Promise<void> {
  const pending = [...queues];
  const lanes = Array.from({ length: Math.min(DELIVERY_CONCURRENCY, pending.length) }, async () => {
    for (let queue = pending.shift(); queue; queue = pending.shift()) {
      for (const item of queue) await handOn(item);
    }
  });
  await Promise.all(lanes);
}

/**
 * Intake deliveries for tests, built from a raw body and the sender's headers, and the IntakeError
 * an adapter refuses one with.
 */
import { IntakeError, type IncomingDelivery } from '../../server/adapters';

export const JSON_TYPE = 'application/json';

/** A delivery of `raw` received at `receivedAt`, with `contentType` (if any), then `headers`. */
export function deliveryOf(
  raw: string | Uint8Array,
  {
    contentType,
    headers = {},
    receivedAt,
  }: { contentType?: string; headers?: Record<string, string>; receivedAt: Date },
): IncomingDelivery {
  return {
    rawBody: Buffer.from(raw),
    headers: { ...(contentType === undefined ? {} : { 'content-type': contentType }), ...headers },
    receivedAt,
  };
}

/** The IntakeError `act` throws; anything else thrown, or nothing, fails the test. */
export function refusal(act: () => unknown): IntakeError {
  try {
    act();
  } catch (error) {
    if (error instanceof IntakeError) return error;
    throw error;
  }
  throw new Error('expected an IntakeError, but the delivery was accepted');
}

/**
 * Webhook intake: one route per HR source. The adapter verifies the signature over the raw bytes
 * and maps the body; the route answers 202 only after Temporal has durably taken every event.
 */
import express, { type Request, type Response, type Router } from 'express';

import type { HrEvent } from '../../domain/hr-event';
import { IntakeError, type IntakeAdapter } from '../adapters';
import { sendError } from '../http-errors';
import { GatewayError, type PersonGateway } from '../person-gateway';
import type { AppLogger } from '../../config/logger';

export interface WebhookRouteOptions {
  adapters: IntakeAdapter[];
  gateway: PersonGateway;
  bodyLimit: string;
  logger: AppLogger;
}

/** Creates the router for `POST /webhooks/:source`. */
export function createWebhookRouter(options: WebhookRouteOptions): Router {
  const router = express.Router();
  const bySource = new Map(options.adapters.map((a) => [a.source, a]));
  // The raw bytes are what the sender signed; parsing first would lose them.
  const raw = express.raw({ type: () => true, limit: options.bodyLimit });

  router.post('/webhooks/:source', raw, async (req: Request, res: Response) => {
    const source = String(req.params.source);
    const adapter = bySource.get(source);
    if (!adapter) {
      sendError(res, 404, 'intake.unknown_source', `No HR source named "${source}" is configured`);

      return;
    }

    let events: HrEvent[];
    try {
      events = adapter.parse({
        rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
        headers: lowerCaseHeaders(req),
        receivedAt: new Date(),
      });
    } catch (error) {
      if (error instanceof IntakeError) {
        options.logger.info({ source, code: error.code }, 'webhook rejected');
        sendError(res, error.status, error.code, error.message);

        return;
      }
      throw error;
    }

    try {
      // In order: a batch may hold several events for one person.
      const people: string[] = [];
      for (const event of events) {
        await options.gateway.deliver(event);
        people.push(`/people/${encodeURIComponent(event.source)}/${encodeURIComponent(event.hrId)}`);
      }
      options.logger.info({ source, events: events.length }, 'webhook accepted');

      res.status(202).json({ accepted: events.length, status: [...new Set(people)] });
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      options.logger.warn({ source, code: error.code }, 'webhook not handed off');
      // A 5xx makes the sender retry; the idempotency keys make the retry safe.
      sendError(res, 503, error.code, 'Temporal is unavailable; retry the delivery');
    }
  });

  return router;
}

function lowerCaseHeaders(req: Request): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }

  return headers;
}

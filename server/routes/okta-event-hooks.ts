/**
 * Okta Event Hooks: `GET /webhooks/okta` answers Okta's one-time verification, `POST` takes event
 * batches and hands each user's events to that user's directory workflow, answering 200 only
 * after Temporal has taken every one. Okta waits 3 s for the whole request and retries at most
 * once, so the whole hand-off is given less than that and a slow Temporal gets a 503 Okta can
 * still retry.
 */
import express, { type Request, type Response, type Router } from 'express';

import type { DirectoryEvent } from '../../domain/directory-event';
import type { AppLogger } from '../../config/logger';
import { IntakeError } from '../adapters';
import type { OktaEventHookAdapter } from '../adapters/okta-event-hook-adapter';
import { sendError } from '../http-errors';
import { GatewayError, type PersonGateway } from '../person-gateway';
import { handOnInLanes, incomingDelivery } from './delivery';
import { startHandOffBudget, type HandOffBudget } from './hand-off-budget';

export interface OktaEventHookRouteOptions {
  adapter: OktaEventHookAdapter;
  gateway: PersonGateway;
  bodyLimit: string;
  logger: AppLogger;
  clock?: () => Date;
}

/** Okta's timeout is 3 s for the request; this leaves time for parsing and the network. */
const HAND_OFF_MS = 2_000;
/** The newest events of one user in a batch that are handed on; older ones add nothing. */
const EVENTS_PER_USER = 5;

/** Creates the router for Okta Event Hook verification and delivery. */
export function createOktaEventHookRouter(options: OktaEventHookRouteOptions): Router {
  const router = express.Router();
  const path = `/webhooks/${options.adapter.route}`;
  const raw = express.raw({ type: () => true, limit: options.bodyLimit, inflate: false });
  const deliveryOf = (req: Request) => incomingDelivery(req, options.clock);

  router.get(path, (req: Request, res: Response) => {
    try {
      res.json(options.adapter.verify(deliveryOf(req)));
      options.logger.info({ source: 'okta' }, 'okta event hook verified');
    } catch (error) {
      if (!(error instanceof IntakeError)) throw error;
      options.logger.info({ source: 'okta', code: error.code }, 'okta event hook rejected');
      sendError(res, error.status, error.code, error.message);
    }
  });

  router.post(path, raw, async (req: Request, res: Response) => {
    const budget = startHandOffBudget(HAND_OFF_MS);
    let events: DirectoryEvent[];
    try {
      events = options.adapter.parse(deliveryOf(req));
    } catch (error) {
      if (!(error instanceof IntakeError)) throw error;
      options.logger.info({ source: 'okta', code: error.code }, 'webhook rejected');
      sendError(res, error.status, error.code, error.message);

      return;
    }

    try {
      await handOn(options.gateway, events, budget);
      options.logger.info({ source: 'okta', events: events.length }, 'webhook accepted');
      res.status(200).json({
        accepted: events.length,
        status: [...new Set(events.map((event) => `/directory/okta/${event.userId}`))],
      });
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      options.logger.warn({ source: 'okta', code: error.code }, 'webhook not handed off');
      sendError(res, 503, error.code, 'Temporal is unavailable; retry the delivery');
    }
  });

  return router;
}

/** One user's events in `published` order, different users in parallel, all within `budget`. */
async function handOn(
  gateway: PersonGateway,
  events: DirectoryEvent[],
  budget: HandOffBudget,
): Promise<void> {
  const byUser = new Map<string, DirectoryEvent[]>();
  for (const event of events)
    byUser.set(event.userId, [...(byUser.get(event.userId) ?? []), event]);

  // Each event only asks the user's workflow to look at Okta again, so the newest few say all
  // that the rest would: a thousand events for one user cost a handful of calls, within Okta's 3 s.
  const queues = [...byUser.values()].map((queue) => queue.slice(-EVENTS_PER_USER));
  await handOnInLanes(queues, (event) => gateway.deliverDirectoryEvent(event, budget()));
}

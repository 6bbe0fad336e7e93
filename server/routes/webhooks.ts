/**
 * Webhook intake: one route per HR source. The adapter verifies the signature over the raw bytes
 * and maps the body; the route answers 202 only after Temporal has durably taken every event.
 */
import express, { type Request, type Response, type Router } from 'express';

import type { HrEvent } from '../../domain/hr-event';
import { IntakeError, type HandshakeReply, type IntakeAdapter } from '../adapters';
import { sendError } from '../http-errors';
import { GatewayError, type PersonGateway } from '../person-gateway';
import type { AppLogger } from '../../config/logger';
import { handOnInLanes, incomingDelivery } from './delivery';
import { startHandOffBudget, type HandOffBudget } from './hand-off-budget';

export interface WebhookRouteOptions {
  adapters: IntakeAdapter[];
  gateway: PersonGateway;
  bodyLimit: string;
  logger: AppLogger;
  /** When a delivery counts as received; the system clock unless the app is given another. */
  clock?: () => Date;
}

/**
 * Creates the router for `POST /webhooks/:route`; an adapter's route is its source unless it
 * names another.
 * @throws Error at start-up when two adapters claim the same route.
 */
export function createWebhookRouter(options: WebhookRouteOptions): Router {
  const router = express.Router();
  const handshakes = createHandshakeLimiter();
  const byRoute = new Map<string, IntakeAdapter>();
  for (const adapter of options.adapters) {
    const route = adapter.route ?? adapter.source;
    if (byRoute.has(route)) throw new Error(`Two intake adapters claim /webhooks/${route}`);
    byRoute.set(route, adapter);
  }
  // The raw bytes are what the sender signed; parsing first would lose them.
  // inflate: false, because the signature covers the bytes as sent, never a decompressed form.
  const raw = express.raw({ type: () => true, limit: options.bodyLimit, inflate: false });

  router.post('/webhooks/:route', raw, async (req: Request, res: Response) => {
    const adapter = byRoute.get(String(req.params.route));
    if (!adapter) {
      // The name is not echoed: it is whatever the caller put in the URL.
      sendError(res, 404, 'intake.unknown_source', 'No HR source with this name is configured');

      return;
    }
    const source = adapter.route ?? adapter.source;
    const budget = startHandOffBudget(handOffBudgetMs(adapter));

    const delivery = incomingDelivery(req, options.clock);
    let events: HrEvent[];
    let reply: HandshakeReply | undefined;
    try {
      reply = adapter.handshake?.(delivery);
      events = reply ? [] : adapter.parse(delivery);
    } catch (error) {
      if (error instanceof IntakeError) {
        options.logger.info({ source, code: error.code }, 'webhook rejected');
        sendError(res, error.status, error.code, error.message);

        return;
      }
      throw error;
    }

    if (reply) {
      if (reply.verificationToken !== undefined && !handshakes.admit(adapter.source, Date.now())) {
        res.setHeader('Retry-After', String(HANDSHAKE_WINDOW_MS / 1000));
        sendError(
          res,
          429,
          'intake.too_many_handshakes',
          `At most ${HANDSHAKES_PER_WINDOW} handshakes an hour are kept; retry later`,
        );

        return;
      }
      await answerHandshake(options, adapter.source, reply, delivery.receivedAt, res);

      return;
    }

    if (events.length > MAX_EVENTS_PER_DELIVERY) {
      sendError(
        res,
        413,
        'intake.too_many_events',
        `A delivery may carry at most ${MAX_EVENTS_PER_DELIVERY} events; split the batch`,
      );

      return;
    }

    try {
      await deliverAll(options.gateway, events, budget);
      const people = events.map(
        (event) => `/people/${encodeURIComponent(event.source)}/${encodeURIComponent(event.hrId)}`,
      );
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

/** A batch larger than this is refused before anything is handed on. */
const MAX_EVENTS_PER_DELIVERY = 1_000;

/**
 * Hands every event to Temporal: one person's events in their order, different people in
 * parallel, a repeated event id within the batch once, each call given what is left of `budget`.
 * Rejects on the first failure; events already handed on are safe to send again, their ids make
 * the retry a no-op.
 */
async function deliverAll(
  gateway: PersonGateway,
  events: HrEvent[],
  budget: HandOffBudget,
): Promise<void> {
  const byPerson = new Map<string, HrEvent[]>();
  const seen = new Set<string>();
  for (const event of events) {
    const key = `${event.source}/${event.hrId}`;
    if (seen.has(`${key}/${event.eventId}`)) continue;
    seen.add(`${key}/${event.eventId}`);
    byPerson.set(key, [...(byPerson.get(key) ?? []), event]);
  }

  await handOnInLanes([...byPerson.values()], (event) => gateway.deliver(event, budget()));
}

/**
 * Handshakes are unsigned, so anyone can post one, and each costs a Temporal signal and may push a
 * genuine token out of the keeper. A subscription sends one; this bounds a flood, per server, to
 * what the keeper holds (KEPT_VERIFICATION_TOKENS) in an hour.
 */
const HANDSHAKES_PER_WINDOW = 10;
// An hour, and no more than the keeper holds: within it a flood cannot evict a genuine token.
const HANDSHAKE_WINDOW_MS = 3_600_000;

function createHandshakeLimiter() {
  const recent = new Map<string, number[]>();

  return {
    admit(source: string, now: number): boolean {
      const kept = (recent.get(source) ?? []).filter((at) => now - at < HANDSHAKE_WINDOW_MS);
      const admitted = kept.length < HANDSHAKES_PER_WINDOW;
      recent.set(source, admitted ? [...kept, now] : kept);

      return admitted;
    },
  };
}

/**
 * The time the whole Temporal hand-off of one request may take for a sender that gives up early:
 * its timeout less a margin for parsing and the network, so the sender sees a 503 and retries
 * rather than a timeout.
 */
function handOffBudgetMs(adapter: IntakeAdapter): number | undefined {
  if (adapter.ackTimeoutMs === undefined) return undefined;

  return Math.max(adapter.ackTimeoutMs - ACK_MARGIN_MS, MIN_HAND_OFF_MS);
}

const ACK_MARGIN_MS = 1_000;
const MIN_HAND_OFF_MS = 500;

/**
 * Answers a handshake. A verification token is recorded durably before the 200: a sender that
 * hears 200 will not send it again, and the operator could then never read it.
 */
async function answerHandshake(
  options: WebhookRouteOptions,
  source: string,
  reply: HandshakeReply,
  receivedAt: Date,
  res: Response,
): Promise<void> {
  if (reply.verificationToken !== undefined) {
    try {
      await options.gateway.recordVerificationToken(source, {
        token: reply.verificationToken,
        receivedAt: receivedAt.toISOString(),
      });
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      options.logger.warn({ source, code: error.code }, 'verification token not recorded');
      sendError(res, 503, error.code, 'Temporal is unavailable; retry the delivery');

      return;
    }
    options.logger.info({ source }, 'verification token recorded');
  }

  res.status(200).json(reply.body);
}

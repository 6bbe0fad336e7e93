/**
 * The express app: webhook intake, operator routes and a health check. It receives its
 * dependencies (adapters, gateway, logger) and creates no clients of its own.
 */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { PayloadCodec } from '@temporalio/common';

import type { AppLogger } from '../config/logger';
import type { IntakeAdapter } from './adapters';
import type { OktaEventHookAdapter } from './adapters/okta-event-hook-adapter';
import type { ScimAdapter } from './adapters/scim-adapter';
import { sendError } from './http-errors';
import { createOpenApiDocument } from './openapi';
import type { PersonGateway } from './person-gateway';
import { createCodecRouter } from './routes/codec';
import { createOktaEventHookRouter } from './routes/okta-event-hooks';
import { createOpenApiRouter } from './routes/openapi';
import { createPeopleRouter } from './routes/people';
import { createScimRouter } from './routes/scim';
import { createWebhookRouter } from './routes/webhooks';

export interface AppOptions {
  adapters: IntakeAdapter[];
  gateway: PersonGateway;
  logger: AppLogger;
  bodyLimit: string;
  /** The Web UI's codec endpoint; omit to serve none. */
  codec?: { codec: PayloadCodec; origins: string[] };
  /**
   * The clock deliveries are received by (freshness windows, future event times). The system
   * clock by default; the time-skipping tests pass the test server's.
   */
  clock?: () => Date;
  /** Bearer tokens the operator routes (/people) require; none leaves them open (loopback only). */
  operatorTokens?: string[];
  /** The SCIM 2.0 endpoints under /scim/v2; omit to serve none. */
  scim?: ScimAdapter;
  /** Okta Event Hooks at /webhooks/okta; omit to serve none. */
  oktaEventHooks?: OktaEventHookAdapter;
}

/** Routes that show personal data or decrypt it, open when no operator tokens are set. */
const OPEN_ROUTES = ['/people', '/directory', '/intake', '/codec'];
const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$/i;

/**
 * Without operator tokens the open routes serve loopback callers only, and a web page could still
 * reach them through DNS rebinding (its own host name resolving to 127.0.0.1): the browser then
 * sends that name as Host, which is refused here.
 */
function loopbackHostOnly(req: Request, res: Response, next: NextFunction): void {
  if (LOOPBACK_HOST.test(req.headers.host ?? '')) {
    next();

    return;
  }
  sendError(
    res,
    403,
    'request.host_not_allowed',
    'Without operator tokens these routes answer only requests addressed to a loopback host',
  );
}

/** Creates the Tenure HTTP app. */
export function createApp(options: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  // Ready means webhooks can be handed on: Temporal answers.
  app.get('/readyz', async (_req: Request, res: Response) => {
    try {
      await options.gateway.ready();
      res.json({ ready: true });
    } catch {
      sendError(res, 503, 'temporal.unavailable', 'Temporal does not answer; webhooks get 503');
    }
  });
  // Before the generic webhook router, which answers 404 for any route it has no adapter for.
  if (options.oktaEventHooks) {
    app.use(createOktaEventHookRouter({ ...options, adapter: options.oktaEventHooks }));
  }
  app.use(createWebhookRouter(options));
  if ((options.operatorTokens ?? []).length === 0) app.use(OPEN_ROUTES, loopbackHostOnly);
  app.use(createPeopleRouter(options.gateway, options.operatorTokens ?? []));
  if (options.codec) app.use(createCodecRouter(options.codec.codec, options.codec.origins));
  if (options.scim) app.use(createScimRouter({ ...options, adapter: options.scim }));
  app.use(
    createOpenApiRouter(
      createOpenApiDocument({
        webhookSources: options.adapters.map((adapter) => adapter.route ?? adapter.source),
        scim: options.scim !== undefined,
        codec: options.codec !== undefined,
        operatorAuth: (options.operatorTokens ?? []).length > 0,
        oktaEventHooks: options.oktaEventHooks !== undefined,
        bodyLimit: options.bodyLimit,
      }),
    ),
  );

  app.use((_req: Request, res: Response) => {
    sendError(res, 404, 'request.not_found', 'No such route');
  });
  // Express calls a four-argument middleware only for errors, so `next` must stay in the list.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: number }).status;
    const type = (error as { type?: string }).type;
    if (type === 'entity.too.large') {
      sendError(
        res,
        413,
        'intake.body_too_large',
        `The body exceeds the ${options.bodyLimit} limit`,
      );
    } else if (type === 'encoding.unsupported') {
      sendError(
        res,
        415,
        'intake.unsupported_encoding',
        'Content-Encoding is not accepted: send the body uncompressed, exactly as it was signed',
      );
    } else if (type === 'entity.parse.failed') {
      sendError(res, 400, 'request.invalid_json', 'The body is not valid JSON');
    } else if (status && status >= 400 && status < 500) {
      sendError(
        res,
        status,
        'request.invalid',
        'The request could not be read (bad encoding or URL)',
      );
    } else {
      options.logger.error(
        { err: error instanceof Error ? error.name : 'unknown' },
        'request failed',
      );
      sendError(res, 500, 'server.error', 'Internal error');
    }
  });

  return app;
}

/**
 * Operator routes: a person's status (answered by the workflow's query), a request to converge
 * again, and the verification tokens HR sources handed over in a handshake.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';

import { OKTA_USER_ID_PATTERN } from '../../domain/directory-event';
import { HR_ID_PATTERN } from '../../domain/hr-event';
import { sendError } from '../http-errors';
import { GatewayError, type PersonGateway } from '../person-gateway';

const SOURCE_PATTERN = /^[a-z0-9-]{1,32}$/;

/**
 * Creates the router for `GET /people/:source/:hrId`, `POST .../reconcile`,
 * `GET /directory/okta/:userId` and `GET /intake/:source/verification-tokens`. With `tokens`, all need `Authorization: Bearer
 * <token>`: they show personal data or secrets, and start work.
 */
export function createPeopleRouter(gateway: PersonGateway, tokens: string[] = []): Router {
  const router = express.Router();
  const digests = tokens.map(digest);

  router.use(['/people', '/intake', '/directory'], (req: Request, res: Response, next) => {
    if (digests.length === 0) {
      next();

      return;
    }
    const presented = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const given = presented ? digest(presented) : undefined;
    // Compare fixed-length digests, every one, so timing says nothing about the tokens.
    const allowed = digests.reduce((ok, d) => (given && timingSafeEqual(d, given)) || ok, false);
    if (!allowed) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      sendError(
        res,
        401,
        'request.unauthorized',
        'Operator routes need Authorization: Bearer <token>',
      );

      return;
    }
    next();
  });

  router.get('/people/:source/:hrId', async (req: Request, res: Response) => {
    const params = validParams(req, res);
    if (!params) return;
    try {
      res.json(await gateway.status(params.source, params.hrId));
    } catch (error) {
      sendGatewayError(res, error);
    }
  });

  router.post('/people/:source/:hrId/reconcile', async (req: Request, res: Response) => {
    const params = validParams(req, res);
    if (!params) return;
    try {
      await gateway.reconcile(params.source, params.hrId);
      res.status(202).json({ reconciling: true });
    } catch (error) {
      sendGatewayError(res, error);
    }
  });

  router.get('/directory/okta/:userId', async (req: Request, res: Response) => {
    const userId = String(req.params.userId);
    if (!OKTA_USER_ID_PATTERN.test(userId)) {
      sendError(res, 400, 'request.invalid_user_id', 'userId must be an Okta user id');

      return;
    }
    try {
      res.json(await gateway.directoryUserStatus('okta', userId));
    } catch (error) {
      sendGatewayError(res, error);
    }
  });

  router.get('/intake/:source/verification-tokens', async (req: Request, res: Response) => {
    const source = String(req.params.source);
    if (!SOURCE_PATTERN.test(source)) {
      sendError(res, 400, 'request.invalid_source', SOURCE_RULE);

      return;
    }
    try {
      res.setHeader('Cache-Control', 'no-store');
      res.json({ source, tokens: await gateway.verificationTokens(source) });
    } catch (error) {
      sendGatewayError(res, error);
    }
  });

  return router;
}

const SOURCE_RULE = 'source must be 1-32 lower-case letters, digits or dashes';

function validParams(req: Request, res: Response): { source: string; hrId: string } | undefined {
  const source = String(req.params.source);
  const hrId = String(req.params.hrId);
  if (!SOURCE_PATTERN.test(source)) {
    sendError(res, 400, 'request.invalid_source', SOURCE_RULE);

    return undefined;
  }
  if (!HR_ID_PATTERN.test(hrId)) {
    sendError(
      res,
      400,
      'request.invalid_hr_id',
      'hrId must be 1-64 letters, digits, dots, dashes or underscores',
    );

    return undefined;
  }

  return { source, hrId };
}

function sendGatewayError(res: Response, error: unknown): void {
  if (error instanceof GatewayError && error.code === 'person.not_found') {
    sendError(res, 404, error.code, error.message);
  } else if (error instanceof GatewayError) {
    sendError(res, 503, error.code, error.message);
  } else {
    throw error;
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

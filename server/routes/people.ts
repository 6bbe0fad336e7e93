/**
 * Operator routes: a person's status (answered by the workflow's query) and a request to
 * converge again.
 */
import express, { type Request, type Response, type Router } from 'express';

import { HR_ID_PATTERN } from '../../domain/hr-event';
import { sendError } from '../http-errors';
import { GatewayError, type PersonGateway } from '../person-gateway';

const SOURCE_PATTERN = /^[a-z0-9-]{1,32}$/;

/** Creates the router for `GET /people/:source/:hrId` and `POST .../reconcile`. */
export function createPeopleRouter(gateway: PersonGateway): Router {
  const router = express.Router();

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

  return router;
}

function validParams(req: Request, res: Response): { source: string; hrId: string } | undefined {
  const source = String(req.params.source);
  const hrId = String(req.params.hrId);
  if (!SOURCE_PATTERN.test(source)) {
    sendError(res, 400, 'request.invalid_source', 'source must be 1-32 lower-case letters, digits or dashes');

    return undefined;
  }
  if (!HR_ID_PATTERN.test(hrId)) {
    sendError(res, 400, 'request.invalid_hr_id', 'hrId must be 1-64 letters, digits, dots, dashes or underscores');

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

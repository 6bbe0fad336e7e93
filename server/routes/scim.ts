/**
 * The SCIM 2.0 service provider endpoints (RFC 7644) for clients that push users to Tenure.
 * Writes go through the SCIM adapter and are answered only once Temporal has durably taken every
 * event, like webhooks; lookups ask the person's workflow. Every answer, errors included, is
 * `application/scim+json` in the shapes SCIM clients parse.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';

import { HR_ID_PATTERN, type HrEvent } from '../../domain/hr-event';
import type { AppLogger } from '../../config/logger';
import { IntakeError } from '../adapters';
import type { ScimAdapter, ScimOperation, ScimWrite } from '../adapters/scim-adapter';
import {
  SCIM_MEDIA_TYPE,
  SCIM_USERS_PATH,
  scimErrorBody,
  scimListResponse,
  scimUser,
} from '../adapters/scim-resource';
import { ScimIntakeError, type ScimType } from '../adapters/scim-schema';
import { GatewayError, type PersonGateway } from '../person-gateway';
import type { Stage } from '../../domain/target-state';
import { incomingDelivery, lowerCaseHeaders } from './delivery';

export interface ScimRouteOptions {
  adapter: ScimAdapter;
  gateway: PersonGateway;
  bodyLimit: string;
  logger: AppLogger;
  /** When a request counts as received; the system clock by default. */
  clock?: () => Date;
}

const SCIM_BASE = '/scim/v2';
/** The only filters answered: an equality on the HR id, which is what Tenure can look up. */
const ID_FILTER = /^\s*(externalId|id)\s+eq\s+"([^"]*)"\s*$/i;
/** Stages in which the person has, or is about to have, access: what SCIM calls active. */
const ACTIVE_STAGES: readonly Stage[] = ['staged', 'active', 'on_leave'];

/**
 * Creates the router for `POST /scim/v2/Users`, `PUT|PATCH|GET /scim/v2/Users/{id}` and
 * `GET /scim/v2/Users?filter=externalId eq "..."`; any other `/scim/v2` path is a SCIM 404.
 */
export function createScimRouter(options: ScimRouteOptions): Router {
  const { adapter, gateway, logger } = options;
  const router = express.Router();
  // The adapter hashes the body as received, so it gets the bytes, not a parsed object.
  const raw = express.raw({ type: () => true, limit: options.bodyLimit });

  const write = (operation: ScimOperation) => async (req: Request, res: Response) => {
    let parsed: ScimWrite;
    try {
      parsed = adapter.parse({
        operation,
        ...(req.params.id !== undefined ? { resourceId: String(req.params.id) } : {}),
        ...incomingDelivery(req, options.clock),
      });
    } catch (error) {
      if (!(error instanceof IntakeError)) throw error;
      const scimType = error instanceof ScimIntakeError ? error.scimType : undefined;
      logger.info(
        { source: adapter.source, operation, code: error.code, scimType },
        'scim request rejected',
      );
      sendIntakeError(res, error);

      return;
    }

    // RFC 7644: a replace or patch of a user nobody created is a 404, not a new person.
    if (operation !== 'create' && !(await exists(parsed.hrId, res))) return;
    if (!(await deliverAll(parsed.events, res))) return;
    logger.info(
      { source: adapter.source, operation, events: parsed.events.length },
      'scim request accepted',
    );

    const user = scimUser(parsed);
    if (operation === 'create')
      res.location(`${SCIM_USERS_PATH}/${encodeURIComponent(parsed.hrId)}`);
    sendScim(res, operation === 'create' ? 201 : 200, user);
  };

  async function exists(hrId: string, res: Response): Promise<boolean> {
    try {
      await gateway.status(adapter.source, hrId);

      return true;
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      if (error.code === 'person.not_found') {
        sendScim(res, 404, scimErrorBody(404, 'Tenure knows no user with this id'));
      } else {
        sendScim(res, 503, scimErrorBody(503, 'Temporal is unavailable; retry the request'));
      }

      return false;
    }
  }

  async function deliverAll(events: HrEvent[], res: Response): Promise<boolean> {
    try {
      // In order: a reactivation is a hire followed by the withdrawal of the termination.
      for (const event of events) await gateway.deliver(event);

      return true;
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      logger.warn({ source: adapter.source, code: error.code }, 'scim request not handed off');
      // A 5xx makes the client retry; the retry is applied again, which changes nothing.
      sendScim(res, 503, scimErrorBody(503, 'Temporal is unavailable; retry the request'));

      return false;
    }
  }

  router.post(SCIM_USERS_PATH, raw, write('create'));
  router.put(`${SCIM_USERS_PATH}/:id`, raw, write('replace'));
  router.patch(`${SCIM_USERS_PATH}/:id`, raw, write('patch'));

  router.get(`${SCIM_USERS_PATH}/:id`, async (req: Request, res: Response) => {
    if (!authenticated(adapter, req, res)) return;
    const hrId = String(req.params.id);
    if (!HR_ID_PATTERN.test(hrId)) {
      sendScim(res, 404, scimErrorBody(404, 'No user with this id; ids are HR ids'));

      return;
    }

    const user = await lookUp(hrId, res);
    if (user === undefined) return;
    if (user === null) {
      sendScim(res, 404, scimErrorBody(404, 'Tenure knows no user with this id'));

      return;
    }
    sendScim(res, 200, user);
  });

  router.get(SCIM_USERS_PATH, async (req: Request, res: Response) => {
    if (!authenticated(adapter, req, res)) return;
    const filter = typeof req.query.filter === 'string' ? req.query.filter : undefined;
    const match = filter === undefined ? null : ID_FILTER.exec(filter);
    if (match === null) {
      const detail =
        'Tenure looks users up only by filter=externalId eq "<HR id>"; set the client\'s ' +
        'matching attribute to externalId';
      sendScim(res, 400, scimErrorBody(400, detail, 'invalidFilter'));

      return;
    }

    const hrId = match[2] as string;
    const user = HR_ID_PATTERN.test(hrId) ? await lookUp(hrId, res) : null;
    if (user === undefined) return;
    sendScim(res, 200, scimListResponse(user === null ? [] : [user]));
  });

  /** The user, null when Tenure knows no such person, undefined when an error was sent. */
  async function lookUp(hrId: string, res: Response) {
    try {
      const status = await gateway.status(adapter.source, hrId);

      return scimUser({
        hrId,
        active: ACTIVE_STAGES.includes(status.stage),
        attributes: status.attributes,
        ...(status.record.hire ? { startDate: status.record.hire.startDate } : {}),
      });
    } catch (error) {
      if (error instanceof GatewayError && error.code === 'person.not_found') return null;
      if (!(error instanceof GatewayError)) throw error;
      sendScim(res, 503, scimErrorBody(503, 'Temporal is unavailable; retry the request'));

      return undefined;
    }
  }

  router.use(SCIM_BASE, (_req: Request, res: Response) => {
    const detail = 'Tenure serves only /Users: POST, PUT, PATCH and GET by id or externalId filter';
    sendScim(res, 404, scimErrorBody(404, detail));
  });
  // Four arguments make this an error handler; it answers body-reading errors (413) as SCIM.
  router.use(SCIM_BASE, (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const status = (error as { status?: number }).status;
    if ((error as { type?: string }).type === 'entity.too.large') {
      sendScim(res, 413, scimErrorBody(413, `The body exceeds the ${options.bodyLimit} limit`));
    } else if (status !== undefined && status >= 400 && status < 500) {
      sendScim(res, status, scimErrorBody(status, 'The request could not be read'));
    } else {
      next(error);
    }
  });

  return router;
}

function authenticated(adapter: ScimAdapter, req: Request, res: Response): boolean {
  try {
    adapter.authenticate(lowerCaseHeaders(req));

    return true;
  } catch (error) {
    if (!(error instanceof IntakeError)) throw error;
    sendIntakeError(res, error);

    return false;
  }
}

function sendIntakeError(res: Response, error: IntakeError): void {
  const scimType: ScimType | undefined =
    error instanceof ScimIntakeError ? error.scimType : undefined;
  if (error.status === 401) res.set('WWW-Authenticate', 'Bearer realm="tenure-scim"');
  sendScim(res, error.status, scimErrorBody(error.status, error.message, scimType));
}

function sendScim(res: Response, status: number, body: unknown): void {
  res.status(status).type(SCIM_MEDIA_TYPE).json(body);
}

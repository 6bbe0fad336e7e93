/**
 * Serves the OpenAPI document at `GET /openapi.json`, unauthenticated, like `/healthz`: it
 * describes routes, never data.
 */
import express, { type Request, type Response, type Router } from 'express';

/** Creates the router for `GET /openapi.json`; the document is built once, by the caller. */
export function createOpenApiRouter(document: Record<string, unknown>): Router {
  const router = express.Router();
  const body = JSON.stringify(document);

  router.get('/openapi.json', (_req: Request, res: Response) => {
    res.type('application/json').send(body);
  });

  return router;
}

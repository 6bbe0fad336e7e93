import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { handleAdmin, type AdminControls } from './admin-routes';
import {
  errorBody,
  internalError,
  invalidSession,
  invalidToken,
  methodNotAllowed,
  OktaFailure,
  pathNotFound,
  rateLimited,
} from './errors';
import { parseTarget, readJsonBody, send, type Reply } from './http-io';
import { newRequestId } from './ids';
import type { RateLimiter, RateLimitReading } from './rate-limiter';
import { matchRoute, routeName, type Route, type RouteMatch } from './routing';

export interface PipelineDeps extends AdminControls {
  routes: Route[];
  limiter: RateLimiter;
  apiToken: string;
  fallbackBase: string;
  isClosing(): boolean;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** No header: Okta falls back to cookie sessions and answers E0000005; a wrong token E0000011. */
function authenticate(header: string | undefined, expected: Buffer): OktaFailure | undefined {
  if (header === undefined || header.trim() === '') return invalidSession();
  const [scheme, ...rest] = header.trim().split(/\s+/);
  if (scheme !== 'SSWS' || !timingSafeEqual(digest(rest.join(' ')), expected)) {
    return invalidToken();
  }

  return undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function familyOf(match: RouteMatch): string {
  if (match.kind === 'found') return match.route.family;

  return match.kind === 'wrong-method' ? match.family : 'other';
}

function rateHeaders(reading: RateLimitReading): Record<string, string> {
  return {
    'X-Rate-Limit-Limit': String(reading.limit),
    'X-Rate-Limit-Remaining': String(reading.remaining),
    'X-Rate-Limit-Reset': String(reading.reset),
  };
}

/** Builds the request handler: admin endpoints, then faults, auth, budget and the Okta routes. */
export function createRequestHandler(deps: PipelineDeps) {
  const expectedToken = digest(deps.apiToken);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = newRequestId();
    const method = (req.method ?? 'GET').toUpperCase();
    const target = parseTarget(req.url ?? '/');
    const base = req.headers.host ? `http://${req.headers.host}` : deps.fallbackBase;
    let body: unknown;
    let bodyFailure: OktaFailure | undefined;
    try {
      body = await readJsonBody(req);
    } catch (error) {
      bodyFailure = error instanceof OktaFailure ? error : internalError();
    }

    if (target.segments[0] === '__admin') {
      send(res, handleAdmin(deps, method, target.segments, body, base));

      return;
    }

    const faults = deps.faults();
    if (faults.latencyMs) await sleep(faults.latencyMs);
    const isApi = target.segments[0] === 'api' && target.segments[1] === 'v1';
    const match: RouteMatch = isApi
      ? matchRoute(deps.routes, method, target.segments.slice(2))
      : { kind: 'none' };
    const record = (status: number) =>
      deps.log.record({
        requestId,
        route: match.kind === 'found' ? routeName(match.route) : 'unmatched',
        status,
        authScheme: req.headers.authorization?.trim().split(/\s+/)[0] ?? null,
        retryFor: (req.headers['x-okta-retry-for'] as string | undefined) ?? null,
        retryCount: Number(req.headers['x-okta-retry-count']) || null,
      });
    if (deps.isClosing() || res.destroyed) return;
    if (faults.dropRate && Math.random() < faults.dropRate) {
      record(0);
      req.socket.destroy();

      return;
    }

    const nowMs = Date.now();
    const family = familyOf(match);
    let reading = deps.limiter.check(family, nowMs, false);
    let reply: Reply;
    try {
      if (faults.rateLimitBurst) {
        faults.rateLimitBurst -= 1;
        // Reset at the current second makes the SDK wait about one second, as for a
        // concurrency 429 where Okta's Reset is only a suggestion.
        reading = { ...reading, remaining: 0, reset: Math.floor(nowMs / 1000) };
        throw rateLimited();
      }
      if (faults.errorRate && Math.random() < faults.errorRate) throw internalError();
      const authFailure = authenticate(req.headers.authorization, expectedToken);
      if (authFailure !== undefined) throw authFailure;
      reading = deps.limiter.check(family, nowMs, true);
      if (!reading.allowed) throw rateLimited();
      if (match.kind === 'none') throw pathNotFound();
      if (match.kind === 'wrong-method') throw methodNotAllowed();
      if (bodyFailure !== undefined) throw bodyFailure;
      reply = match.route.handle({
        params: match.params,
        query: target.query,
        body,
        headers: req.headers,
        base,
        path: target.path,
      });
    } catch (error) {
      if (!(error instanceof OktaFailure)) deps.log.internalErrors += 1;
      const failure = error instanceof OktaFailure ? error : internalError();
      reply = { status: failure.status, body: errorBody(failure) };
    }

    record(reply.status);
    const headers = {
      ...reply.headers,
      ...rateHeaders(reading),
      Date: new Date(nowMs).toUTCString(),
      'X-Okta-Request-Id': requestId,
    };
    send(res, { ...reply, headers });
  };

  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch(() => res.destroy());
  };
}

import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { handleAdmin, type AdminControls } from './admin-routes';
import {
  errorBody,
  internalError,
  invalidSession,
  invalidToken,
  malformedBody,
  methodNotAllowed,
  OktaFailure,
  pathNotFound,
  rateLimited,
} from './errors';
import { parseTarget, readJsonBody, send, type Reply, type RequestTarget } from './http-io';
import { newRequestId } from './ids';
import type { RateLimiter, RateLimitReading } from './rate-limiter';
import type { RequestRecord } from './request-log';
import { matchRoute, routeName, type Route, type RouteMatch } from './routing';

export interface PipelineDeps extends AdminControls {
  routes: Route[];
  limiter: RateLimiter;
  apiToken: string;
  /** The emulator's own URL, for the rare request without a Host header. */
  fallbackBase(): string;
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

interface Arrival {
  req: IncomingMessage;
  requestId: string;
  method: string;
  target: RequestTarget;
  base: string;
  body: unknown;
  bodyFailure?: OktaFailure;
}

async function receive(req: IncomingMessage, fallbackBase: () => string): Promise<Arrival> {
  const arrival: Arrival = {
    req,
    requestId: newRequestId(),
    method: (req.method ?? 'GET').toUpperCase(),
    target: parseTarget(req.url ?? '/'),
    base: req.headers.host ? `http://${req.headers.host}` : fallbackBase(),
    body: undefined,
  };
  try {
    arrival.body = await readJsonBody(req);
  } catch (error) {
    arrival.bodyFailure = error instanceof OktaFailure ? error : malformedBody();
  }

  return arrival;
}

function recordOf(arrival: Arrival, match: RouteMatch, status: number): RequestRecord {
  const { headers } = arrival.req;

  return {
    requestId: arrival.requestId,
    route: match.kind === 'found' ? routeName(match.route) : 'unmatched',
    status,
    authScheme: headers.authorization?.trim().split(/\s+/)[0] ?? null,
    retryFor: (headers['x-okta-retry-for'] as string | undefined) ?? null,
    retryCount: Number(headers['x-okta-retry-count']) || null,
  };
}

/** Runs one Okta API call through faults, auth and the family budget, then its route. */
async function answer(
  deps: PipelineDeps,
  arrival: Arrival,
  match: RouteMatch,
  nowMs: number,
  expectedToken: Buffer,
): Promise<{ reply: Reply; reading: RateLimitReading }> {
  const faults = deps.faults();
  const family = familyOf(match);
  let reading = deps.limiter.check(family, nowMs, false);
  try {
    if (faults.rateLimitBurst) {
      faults.rateLimitBurst -= 1;
      // Reset at the current second makes the SDK wait about one second, as for a concurrency
      // 429 where Okta's Reset is only a suggestion.
      reading = { ...reading, remaining: 0, reset: Math.floor(nowMs / 1000) };
      throw rateLimited();
    }
    if (faults.errorRate && Math.random() < faults.errorRate) throw internalError();
    const authFailure = authenticate(arrival.req.headers.authorization, expectedToken);
    if (authFailure !== undefined) throw authFailure;
    reading = deps.limiter.check(family, nowMs, true);
    if (!reading.allowed) throw rateLimited();
    if (match.kind === 'none') throw pathNotFound();
    if (match.kind === 'wrong-method') throw methodNotAllowed();
    if (arrival.bodyFailure !== undefined) throw arrival.bodyFailure;
    const { target, body, base, requestId } = arrival;
    const { query, path } = target;
    const context = { params: match.params, query, body, base, path, requestId };

    return { reply: await match.route.handle(context), reading };
  } catch (error) {
    if (!(error instanceof OktaFailure)) deps.log.internalErrors += 1;
    const failure = error instanceof OktaFailure ? error : internalError();

    return { reply: { status: failure.status, body: errorBody(failure) }, reading };
  }
}

/** Builds the request handler: admin endpoints, then faults, auth, budget and the Okta routes. */
export function createRequestHandler(deps: PipelineDeps) {
  const expectedToken = digest(deps.apiToken);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const arrival = await receive(req, deps.fallbackBase);
    const { segments } = arrival.target;
    if (segments[0] === '__admin') {
      const reply = arrival.bodyFailure
        ? { status: 400, body: { error: 'admin.malformed_body', message: 'body is not JSON' } }
        : handleAdmin(deps, arrival.method, segments, arrival.body, arrival.base);
      send(res, reply);

      return;
    }

    const faults = deps.faults();
    if (faults.latencyMs) await sleep(faults.latencyMs);
    if (deps.isClosing() || res.destroyed) return;
    const isApi = segments[0] === 'api' && segments[1] === 'v1';
    const match: RouteMatch = isApi
      ? matchRoute(deps.routes, arrival.method, segments.slice(2))
      : { kind: 'none' };
    if (faults.dropRate && Math.random() < faults.dropRate) {
      deps.log.record(recordOf(arrival, match, 0));
      req.socket.destroy();

      return;
    }

    const nowMs = Date.now();
    const { reply, reading } = await answer(deps, arrival, match, nowMs, expectedToken);
    deps.log.record(recordOf(arrival, match, reply.status));
    const headers = {
      ...reply.headers,
      ...rateHeaders(reading),
      Date: new Date(nowMs).toUTCString(),
      'X-Okta-Request-Id': arrival.requestId,
    };
    send(res, { ...reply, headers });
  };

  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch(() => res.destroy());
  };
}

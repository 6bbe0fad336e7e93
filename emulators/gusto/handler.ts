/**
 * The emulator's HTTP handling: the admin endpoints, then the one Gusto API route Tenure reads,
 * `GET /v1/employees/{uuid}`, behind faults and the access token's Bearer auth.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import { createAdmin } from '../shared/admin';
import { takeFault } from '../shared/faults';
import { routeRequests, send, type Reply, type RoutedRequest } from '../shared/http';
import { parseFaults, type GustoStore } from './store';

export interface HandlerDeps {
  store: GustoStore;
  token: string;
}

/** Gusto's published limit, echoed in the throttled answers' headers. */
const RATE_LIMIT_PER_MINUTE = 200;
const API_VERSION = /^\d{4}-\d{2}-\d{2}$/;
const digest = (value: string) => createHash('sha256').update(value).digest();

/** Builds the request handler for `listenOnLoopback`. */
export function createRequestHandler(deps: HandlerDeps) {
  const expected = digest(deps.token);
  const { store } = deps;

  return routeRequests({
    admin: createAdmin({ resource: 'employees', noun: 'employee', store, parseFaults }),
    latencyMs: () => store.faults.latencyMs,
    api: (request, res) => {
      const version = header(request.req, 'x-gusto-api-version');
      const reply = api(store, expected, request, version);
      store.count(reply.status, version);
      send(res, reply);
    },
  });
}

/** Faults first (throttling happens at the front door), then auth, route, version, employee. */
function api(
  store: GustoStore,
  expected: Buffer,
  { req, method, segments }: RoutedRequest,
  version: string | undefined,
): Reply {
  const { faults } = store;
  const fault = takeFault(faults);
  if (fault === 'throttle') {
    return failure(429, 'rate_limit_exceeded', 'Too many requests in the rolling minute', {
      'Retry-After': String(faults.retryAfterSeconds ?? 1),
      'X-RateLimit-Limit': String(RATE_LIMIT_PER_MINUTE),
      'X-RateLimit-Remaining': '0',
    });
  }
  if (fault === 'serverError') {
    return failure(500, 'internal_error', 'The emulator was told to fail this request');
  }
  if (!authorized(req.headers.authorization, expected)) {
    return failure(401, 'invalid_token', 'The access token is missing, invalid or expired', {
      'WWW-Authenticate': 'Bearer realm="Gusto API"',
    });
  }

  const [apiVersion, resource, uuid, ...rest] = segments;
  if (apiVersion !== 'v1' || resource !== 'employees' || uuid === undefined || rest.length > 0) {
    return failure(404, 'not_found', 'No such API route in the emulator');
  }
  if (method !== 'GET') return failure(405, 'method_not_allowed', 'Only GET', { Allow: 'GET' });
  // Absent means the application's minimum version; present, it must be a date.
  if (version !== undefined && !API_VERSION.test(version)) {
    return failure(406, 'invalid_api_version', 'X-Gusto-API-Version must be YYYY-MM-DD');
  }

  const employee = store.read(uuid);
  if (employee === undefined) return failure(404, 'not_found', 'The employee does not exist');

  return { status: 200, body: employee };
}

/** `Bearer <token>`, compared in constant time through digests of equal length. */
function authorized(value: string | undefined, expected: Buffer): boolean {
  const [scheme, token = ''] = (value ?? '').trim().split(/\s+/);
  if (scheme?.toLowerCase() !== 'bearer') return false;

  return timingSafeEqual(digest(token), expected);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];

  return Array.isArray(value) ? value.join(',') : value;
}

/** Gusto's error shape, `{ errors: [{ error_key, category, message }] }`; never personal data. */
function failure(
  status: number,
  category: string,
  message: string,
  headers: Record<string, string> = {},
): Reply {
  return { status, headers, body: { errors: [{ error_key: 'request', category, message }] } };
}

/**
 * The emulator's HTTP handling: the admin endpoints, then the one HiBob API route Tenure reads,
 * `GET /v1/people/{id}`, behind faults and the service user's Basic auth.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

import { createAdmin } from '../shared/admin';
import { takeFault } from '../shared/faults';
import { routeRequests, send, type Reply, type RoutedRequest } from '../shared/http';
import { parseFaults, type HiBobStore } from './store';

export interface HandlerDeps {
  store: HiBobStore;
  serviceUserId: string;
  token: string;
}

const HUMAN_READABLE = new Set(['APPEND', 'REPLACE']);
const digest = (value: string) => createHash('sha256').update(value).digest();

/** Builds the request handler for `listenOnLoopback`. */
export function createRequestHandler(deps: HandlerDeps) {
  const expected = digest(`${deps.serviceUserId}:${deps.token}`);
  const { store } = deps;

  return routeRequests({
    admin: createAdmin({ resource: 'people', noun: 'person', store, parseFaults }),
    latencyMs: () => store.faults.latencyMs,
    api: (request, res) => {
      const reply = api(store, expected, request);
      store.count(reply.status);
      send(res, reply);
    },
  });
}

/** Faults first (throttling happens at the front door), then auth, route, person. */
function api(
  store: HiBobStore,
  expected: Buffer,
  { req, method, url, segments }: RoutedRequest,
): Reply {
  const { faults } = store;
  const fault = takeFault(faults);
  if (fault === 'throttle') {
    const headers = { 'Retry-After': String(faults.retryAfterSeconds ?? 1) };

    return failure(faults.throttleStatus ?? 429, 'Too many requests', headers);
  }
  if (fault === 'serverError') return failure(500, 'Internal server error');
  if (!authorized(req.headers.authorization, expected)) {
    return failure(401, 'Invalid service user credentials', {
      'WWW-Authenticate': 'Basic realm="HiBob API"',
    });
  }

  const [version, resource, id, ...rest] = segments;
  if (version !== 'v1' || resource !== 'people' || id === undefined || rest.length > 0) {
    return failure(404, 'Not found');
  }
  if (method !== 'GET') return failure(405, 'Method not allowed', { Allow: 'GET' });
  const humanReadable = url.searchParams.get('humanReadable');
  if (humanReadable !== null && !HUMAN_READABLE.has(humanReadable)) {
    return failure(400, 'humanReadable must be APPEND or REPLACE');
  }

  const person = store.read(id);
  if (person === undefined) return failure(404, 'Employee not found');

  return { status: 200, body: person };
}

/** `Basic base64(serviceUserId:token)`, both parts compared at once and in constant time. */
function authorized(header: string | undefined, expected: Buffer): boolean {
  const [scheme, encoded = ''] = (header ?? '').trim().split(/\s+/);
  if (scheme?.toLowerCase() !== 'basic') return false;

  return timingSafeEqual(digest(Buffer.from(encoded, 'base64').toString('utf8')), expected);
}

/** A short JSON error; the reason only, never the person's data. */
function failure(status: number, message: string, headers: Record<string, string> = {}): Reply {
  return { status, headers, body: { error: message } };
}

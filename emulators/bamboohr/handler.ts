/**
 * The emulator's HTTP handling: the admin endpoints, then the one BambooHR API route Tenure reads,
 * `GET /api/gateway.php/{companyDomain}/v1/employees/{id}`, behind faults and Basic auth.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

import { createAdmin } from '../shared/admin';
import { takeFault } from '../shared/faults';
import { routeRequests, send, type Reply, type RoutedRequest } from '../shared/http';
import { parseFaults, type BambooHrStore } from './store';

export interface HandlerDeps {
  store: BambooHrStore;
  companyDomain: string;
  apiKey: string;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Builds the request handler for `listenOnLoopback`. */
export function createRequestHandler(deps: HandlerDeps) {
  const expectedKey = digest(deps.apiKey);
  const { store } = deps;

  return routeRequests({
    admin: createAdmin({ resource: 'employees', noun: 'employee', store, parseFaults }),
    latencyMs: () => store.faults.latencyMs,
    api: (request, res) => {
      const reply = api(deps, expectedKey, request);
      store.count(reply.status);
      send(res, reply);
    },
  });
}

/** Faults first (throttling happens at BambooHR's front door), then auth, route, record. */
function api(
  deps: HandlerDeps,
  expectedKey: Buffer,
  { req, method, url, segments }: RoutedRequest,
): Reply {
  const { faults } = deps.store;
  const fault = takeFault(faults);
  if (fault === 'throttle') {
    const headers = { 'Retry-After': String(faults.retryAfterSeconds ?? 1) };

    return failure(faults.throttleStatus ?? 503, 'Too many requests', headers);
  }
  if (fault === 'serverError') return failure(500, 'Internal server error');
  if (!authorized(req.headers.authorization, expectedKey)) {
    return failure(401, 'Invalid API key', { 'WWW-Authenticate': 'Basic realm="BambooHR API"' });
  }

  const [prefix, gateway, company, version, resource, id, ...rest] = segments;
  const isEmployeeRoute =
    prefix === 'api' && gateway === 'gateway.php' && version === 'v1' && resource === 'employees';
  if (!isEmployeeRoute || id === undefined || rest.length > 0) return failure(404, 'Not found');
  if (company !== deps.companyDomain) return failure(404, 'Unknown company');
  if (method !== 'GET') return failure(405, 'Method not allowed', { Allow: 'GET' });
  // BambooHR answers XML unless asked for JSON; the emulator speaks JSON only.
  if (!(req.headers.accept ?? '').toLowerCase().includes('application/json')) {
    return failure(406, 'This emulator answers JSON only: send Accept: application/json');
  }

  const fields = (url.searchParams.get('fields') ?? '')
    .split(',')
    .map((field) => field.trim())
    .filter((field) => field !== '');
  const employee = deps.store.read(id, fields);
  if (employee === undefined) return failure(404, 'Employee not found');

  return { status: 200, body: employee };
}

/** `Basic base64(apiKey:anything)`: BambooHR ignores the password. Compared in constant time. */
function authorized(header: string | undefined, expectedKey: Buffer): boolean {
  const [scheme, encoded = ''] = (header ?? '').trim().split(/\s+/);
  if (scheme?.toLowerCase() !== 'basic') return false;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const key = colon === -1 ? decoded : decoded.slice(0, colon);

  return timingSafeEqual(digest(key), expectedKey);
}

/** BambooHR errors carry no body; the reason is in `X-BambooHR-Error-Message`. */
function failure(status: number, message: string, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'X-BambooHR-Error-Message': message, ...headers } };
}

/**
 * The emulator's HTTP handling: the admin endpoints, then the one BambooHR API route Tenure reads,
 * `GET /api/gateway.php/{companyDomain}/v1/employees/{id}`, behind faults and Basic auth.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { adminError, decodeSegment, readJson, send, type Reply } from '../shared/http';
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

  return async (
    req: IncomingMessage,
    res: ServerResponse,
    isClosing: () => boolean,
  ): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const segments = url.pathname.split('/').filter(Boolean).map(decodeSegment);
    const method = (req.method ?? 'GET').toUpperCase();

    if (segments[0] === '__admin') {
      send(res, await admin(deps.store, method, segments, req));

      return;
    }

    const { latencyMs } = deps.store.faults;
    if (latencyMs) await new Promise((resolve) => setTimeout(resolve, latencyMs).unref());
    if (isClosing() || res.destroyed) return;

    const reply = api(deps, expectedKey, method, segments, url.searchParams, req);
    deps.store.count(reply.status);
    send(res, reply);
  };
}

/** Faults first (throttling happens at BambooHR's front door), then auth, route, record. */
function api(
  deps: HandlerDeps,
  expectedKey: Buffer,
  method: string,
  segments: string[],
  query: URLSearchParams,
  req: IncomingMessage,
): Reply {
  const { faults } = deps.store;
  if (faults.throttleBurst) {
    faults.throttleBurst -= 1;
    const headers = { 'Retry-After': String(faults.retryAfterSeconds ?? 1) };

    return failure(faults.throttleStatus ?? 503, 'Too many requests', headers);
  }
  if (faults.serverErrorBurst) {
    faults.serverErrorBurst -= 1;

    return failure(500, 'Internal server error');
  }
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

  const fields = (query.get('fields') ?? '')
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

async function admin(
  store: BambooHrStore,
  method: string,
  segments: string[],
  req: IncomingMessage,
): Promise<Reply> {
  const [, resource, id] = segments;
  const route = `${method} ${resource ?? ''}${id === undefined ? '' : '/:id'}`;
  try {
    switch (route) {
      case 'POST employees': {
        const body = await readJson(req);
        store.upsert(Array.isArray(body) ? body : [body]);

        return { status: 200, body: { employees: store.state().employees } };
      }
      case 'GET employees':
        return { status: 200, body: store.list() };
      case 'DELETE employees/:id':
        return store.remove(id ?? '') ? { status: 204 } : adminError(404, 'no such employee');
      case 'POST faults':
        store.faults = parseFaults(await readJson(req));

        return { status: 200, body: store.faults };
      case 'GET faults':
        return { status: 200, body: store.faults };
      case 'POST reset':
        store.reset();

        return { status: 204 };
      case 'GET state':
        return { status: 200, body: store.state() };
      default:
        return adminError(404, 'no such admin endpoint');
    }
  } catch (error) {
    return adminError(400, error instanceof Error ? error.message : 'invalid request');
  }
}

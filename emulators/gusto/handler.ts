/**
 * The emulator's HTTP handling: the admin endpoints, then the one Gusto API route Tenure reads,
 * `GET /v1/employees/{uuid}`, behind faults and the access token's Bearer auth.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { adminError, decodeSegment, readJson, send, type Reply } from '../shared/http';
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

    const version = header(req, 'x-gusto-api-version');
    const reply = api(deps.store, expected, method, segments, version, req);
    deps.store.count(reply.status, version);
    send(res, reply);
  };
}

/** Faults first (throttling happens at the front door), then auth, route, version, employee. */
function api(
  store: GustoStore,
  expected: Buffer,
  method: string,
  segments: string[],
  version: string | undefined,
  req: IncomingMessage,
): Reply {
  const { faults } = store;
  if (faults.throttleBurst) {
    faults.throttleBurst -= 1;

    return failure(429, 'rate_limit_exceeded', 'Too many requests in the rolling minute', {
      'Retry-After': String(faults.retryAfterSeconds ?? 1),
      'X-RateLimit-Limit': String(RATE_LIMIT_PER_MINUTE),
      'X-RateLimit-Remaining': '0',
    });
  }
  if (faults.serverErrorBurst) {
    faults.serverErrorBurst -= 1;

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

async function admin(
  store: GustoStore,
  method: string,
  segments: string[],
  req: IncomingMessage,
): Promise<Reply> {
  const [, resource, uuid] = segments;
  const route = `${method} ${resource ?? ''}${uuid === undefined ? '' : '/:uuid'}`;
  try {
    switch (route) {
      case 'POST employees': {
        const body = await readJson(req);
        store.upsert(Array.isArray(body) ? body : [body]);

        return { status: 200, body: { employees: store.state().employees } };
      }
      case 'GET employees':
        return { status: 200, body: store.list() };
      case 'DELETE employees/:uuid':
        return store.remove(uuid ?? '') ? { status: 204 } : adminError(404, 'no such employee');
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

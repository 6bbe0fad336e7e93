/**
 * The emulator's HTTP handling: the admin endpoints, then the one HiBob API route Tenure reads,
 * `GET /v1/people/{id}`, behind faults and the service user's Basic auth.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { adminError, decodeSegment, readJson, send, type Reply } from '../shared/http';
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

    const reply = api(deps.store, expected, method, segments, url.searchParams, req);
    deps.store.count(reply.status);
    send(res, reply);
  };
}

/** Faults first (throttling happens at the front door), then auth, route, person. */
function api(
  store: HiBobStore,
  expected: Buffer,
  method: string,
  segments: string[],
  query: URLSearchParams,
  req: IncomingMessage,
): Reply {
  const { faults } = store;
  if (faults.throttleBurst) {
    faults.throttleBurst -= 1;
    const headers = { 'Retry-After': String(faults.retryAfterSeconds ?? 1) };

    return failure(faults.throttleStatus ?? 429, 'Too many requests', headers);
  }
  if (faults.serverErrorBurst) {
    faults.serverErrorBurst -= 1;

    return failure(500, 'Internal server error');
  }
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
  const humanReadable = query.get('humanReadable');
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

async function admin(
  store: HiBobStore,
  method: string,
  segments: string[],
  req: IncomingMessage,
): Promise<Reply> {
  const [, resource, id] = segments;
  const route = `${method} ${resource ?? ''}${id === undefined ? '' : '/:id'}`;
  try {
    switch (route) {
      case 'POST people': {
        const body = await readJson(req);
        store.upsert(Array.isArray(body) ? body : [body]);

        return { status: 200, body: { people: store.state().people } };
      }
      case 'GET people':
        return { status: 200, body: store.list() };
      case 'DELETE people/:id':
        return store.remove(id ?? '') ? { status: 204 } : adminError(404, 'no such person');
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

/**
 * The emulator's HTTP handling: the admin endpoints, then the three Personio API v2 routes Tenure
 * calls (`POST /v2/auth/token`, `GET /v2/persons/{id}`, `GET /v2/persons/{id}/employments`),
 * behind faults and the OAuth2 client-credentials token.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { createAdmin, listOf, type AdminEndpoint } from '../shared/admin';
import { takeFault } from '../shared/faults';
import {
  adminError,
  baseUrlOf,
  readJson,
  routeRequests,
  send,
  type Reply,
  type RoutedRequest,
} from '../shared/http';
import { parseFaults, type PersonioStore } from './store';

export interface HandlerDeps {
  store: PersonioStore;
  clientId: string;
  clientSecret: string;
}

/** A reply in a media type of its own: Personio answers errors as RFC 7807 problem+json. */
type ApiReply = Reply & { mediaType?: string };

const MAX_FORM_BYTES = 64 * 1024;
const digest = (value: string) => createHash('sha256').update(value).digest();

/** Builds the request handler for `listenOnLoopback`. */
export function createRequestHandler(deps: HandlerDeps) {
  const expected = digest(`${deps.clientId}\n${deps.clientSecret}`);
  const { store } = deps;

  return routeRequests({
    admin: createAdmin({
      resource: 'persons',
      noun: 'person',
      store,
      parseFaults,
      endpoints: employmentAndTokenEndpoints(store),
      routeOf,
    }),
    latencyMs: () => store.faults.latencyMs,
    api: async (request, res) => {
      const reply = fault(store) ?? (await api(deps, expected, request));
      store.count(reply.status);
      write(res, reply);
    },
  });
}

/** Throttling and server errors come first, at the front door, whatever the credentials. */
function fault(store: PersonioStore): ApiReply | undefined {
  const { faults } = store;
  const fault = takeFault(faults);
  if (fault === 'throttle') {
    const headers = { 'Retry-After': String(faults.retryAfterSeconds ?? 1) };

    return { ...problem(429, 'Too Many Requests', 'Rate limit exceeded.'), headers };
  }
  if (fault === 'serverError') {
    return problem(500, 'Internal Server Error', 'An unexpected error occurred.');
  }

  return undefined;
}

async function api(
  deps: HandlerDeps,
  expected: Buffer,
  { req, method, url, segments }: RoutedRequest,
): Promise<ApiReply> {
  const baseUrl = baseUrlOf(req);
  const [version, resource, id, sub, ...rest] = segments;
  if (version === 'v2' && resource === 'auth' && id === 'token' && sub === undefined) {
    if (method !== 'POST') return notAllowed('POST');

    return token(deps.store, expected, req);
  }
  const isPerson = version === 'v2' && resource === 'persons' && id !== undefined;
  if (!isPerson || rest.length > 0 || (sub !== undefined && sub !== 'employments')) {
    return problem(404, 'Not found', 'The requested resource was not found.');
  }
  if (method !== 'GET') return notAllowed('GET');

  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization?.trim() ?? '')?.[1];
  if (bearer === undefined || !deps.store.tokenValid(bearer, Date.now())) {
    const reply = problem(401, 'Unauthorized', 'The access token is missing, invalid or expired.');

    return { ...reply, headers: { 'WWW-Authenticate': 'Bearer' } };
  }

  const found =
    sub === undefined
      ? ok(deps.store.readPerson(id, baseUrl))
      : page(deps.store.employmentsOf(id, baseUrl), url, baseUrl);

  return found ?? problem(404, 'Not found', 'The requested resource was not found.');
}

function ok(body: unknown): ApiReply | undefined {
  return body === undefined ? undefined : { status: 200, body };
}

/** The client-credentials grant over a form body, answered as RFC 6749 says (UNVERIFIED codes). */
async function token(store: PersonioStore, expected: Buffer, req: IncomingMessage) {
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/x-www-form-urlencoded') {
    return oauthError(
      400,
      'invalid_request',
      'The body must be application/x-www-form-urlencoded.',
    );
  }
  const form = await readForm(req);
  if (form === undefined) return oauthError(400, 'invalid_request', 'The body is too large.');
  const [grant, clientId, secret] = ['grant_type', 'client_id', 'client_secret'].map((name) =>
    form.get(name),
  );
  if (!grant || !clientId || !secret) {
    return oauthError(
      400,
      'invalid_request',
      'grant_type, client_id and client_secret are required.',
    );
  }
  if (grant !== 'client_credentials') {
    return oauthError(400, 'unsupported_grant_type', 'Only client_credentials is supported.');
  }
  if (!timingSafeEqual(digest(`${clientId}\n${secret}`), expected)) {
    return oauthError(401, 'invalid_client', 'Client authentication failed.');
  }

  const issued = store.issueToken(Date.now());
  const body = {
    access_token: issued.token,
    token_type: 'Bearer',
    expires_in: issued.expiresInSeconds,
    scope: 'personio:persons:read',
  };

  return { status: 200, body, headers: { 'Cache-Control': 'no-store' } };
}

/** A page of `_data` with Personio's cursor links; limit 1-50, default 10. */
function page(items: unknown[] | undefined, url: URL, baseUrl: string): ApiReply | undefined {
  if (items === undefined) return undefined;
  const limitText = url.searchParams.get('limit') ?? '10';
  const limit = /^\d{1,3}$/.test(limitText) ? Number(limitText) : Number.NaN;
  if (!(limit >= 1 && limit <= 50)) {
    return problem(400, 'Bad Request', 'limit must be a whole number from 1 to 50.');
  }
  const cursor = url.searchParams.get('cursor');
  const offset = cursor === null ? 0 : Number(Buffer.from(cursor, 'base64url').toString());
  if (!Number.isInteger(offset) || offset < 0) {
    return problem(400, 'Bad Request', 'The cursor is invalid.');
  }

  const self = `${baseUrl}${url.pathname}${url.search}`;
  const links: Record<string, { href: string }> = { self: { href: self } };
  if (offset + limit < items.length) {
    const next = Buffer.from(String(offset + limit)).toString('base64url');
    links.next = { href: `${baseUrl}${url.pathname}?limit=${limit}&cursor=${next}` };
  }

  return { status: 200, body: { _data: items.slice(offset, offset + limit), _meta: { links } } };
}

/** Personio's v2 error body; the reason only, never the person's data. */
function problem(status: number, title: string, detail: string): ApiReply {
  const code = status === 404 ? 'common.requested_resource_not_found' : `http.${status}`;
  const body = {
    personio_trace_id: randomBytes(12).toString('hex'),
    timestamp: new Date().toISOString(),
    errors: [
      { title, detail, type: `https://developer.personio.de/reference/errors#${code}`, _meta: {} },
    ],
  };

  return { status, body, mediaType: 'application/problem+json' };
}

function oauthError(status: number, error: string, description: string): ApiReply {
  return { status, body: { error, error_description: description } };
}

function notAllowed(allow: string): ApiReply {
  return { ...problem(405, 'Method Not Allowed', `Use ${allow}.`), headers: { Allow: allow } };
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }

  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function write(res: ServerResponse, reply: ApiReply): void {
  if (reply.mediaType === undefined) {
    send(res, reply);

    return;
  }
  if (res.writableEnded || res.destroyed) return;
  const payload = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...reply.headers,
    'Content-Type': `${reply.mediaType}; charset=utf-8`,
    'Content-Length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

/** The routes of the employments below a person, and of revoking every token. */
function employmentAndTokenEndpoints(store: PersonioStore): Record<string, AdminEndpoint> {
  return {
    'POST persons/:id/employments': async ({ req, path: [, id = ''], baseUrl }) =>
      store.upsertEmployments(id, listOf(await readJson(req)))
        ? { status: 200, body: { employments: store.employmentsOf(id, baseUrl) } }
        : adminError(404, 'no such person'),
    'DELETE persons/:id/employments/:id': ({ path: [, id = '', , subId = ''] }) =>
      store.removeEmployment(id, subId) ? { status: 204 } : adminError(404, 'no such employment'),
    'POST tokens/revoke': () => {
      store.revokeTokens();

      return { status: 204 };
    },
  };
}

/** Like `resourceRoute`, two levels deep: `DELETE persons/:id/employments/:id`. */
function routeOf(method: string, [resource, id, sub, subId]: string[]): string {
  // `tokens/revoke` names an action, not an id.
  const idPart = id === undefined ? '' : resource === 'tokens' ? `/${id}` : '/:id';
  const subPart = `${sub === undefined ? '' : `/${sub}`}${subId === undefined ? '' : '/:id'}`;

  return `${method} ${resource ?? ''}${idPart}${subPart}`;
}

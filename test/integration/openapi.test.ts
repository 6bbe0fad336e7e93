/**
 * The OpenAPI document against the app that serves it: the routes express actually registers are
 * walked and compared with the document both ways, and real requests (over HTTP, against a fake
 * person gateway, no Temporal) must get only statuses the document lists for their operation. The
 * SCIM routes' answers are checked here too, since their shapes are part of what is documented.
 */
import type { Server } from 'node:http';
import type { Express } from 'express';
import type { PayloadCodec } from '@temporalio/common';

import { createLogger } from '../../config/logger';
import type { HrEvent } from '../../domain/hr-event';
import {
  createBambooHrAdapter,
  createGenericAdapter,
  createScimAdapter,
  signBambooHr,
  signGeneric,
} from '../../server/adapters';
import { createOktaEventHookAdapter } from '../../server/adapters/okta-event-hook-adapter';
import { createApp, type AppOptions } from '../../server/app';
import { GatewayError, type PersonGateway } from '../../server/person-gateway';
import { createOpenApiDocument } from '../../server/openapi';
import type { PersonStatus } from '../../workflows/definitions';
import { serverUrl } from '../support/stack';

const SECRET = 'openapi-test-secret';
const TOKEN = 'openapi-test-scim-token';
/** HR ids the fake gateway treats specially. */
const MISSING = 'E404';
const DOWN = 'E503';
const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'options', 'head'] as const;

type Json = Record<string, unknown>;
type Document = { openapi: string; paths: Record<string, Json>; components: Json };

/** A gateway that never reaches Temporal: MISSING is unknown, DOWN is unreachable. */
function fakeGateway(delivered: HrEvent[]): PersonGateway {
  const fail = (hrId: string) => {
    if (hrId === MISSING) throw new GatewayError('person.not_found', 'No lifecycle is known');
    if (hrId === DOWN) throw new GatewayError('temporal.unavailable', 'Temporal is away');
  };

  return {
    deliver: async (event) => {
      fail(event.hrId);
      delivered.push(event);

      return `person:${event.source}:${event.hrId}`;
    },
    status: async (source, hrId) => {
      fail(hrId);

      return personStatus(source, hrId);
    },
    reconcile: async (_source, hrId) => fail(hrId),
    ready: async () => undefined,
    recordVerificationToken: async () => undefined,
    verificationTokens: async () => [],
    deliverDirectoryEvent: async (event) => `directory:okta:${event.userId}`,
    directoryUserStatus: async () => {
      throw new GatewayError('person.not_found', 'No directory user is known');
    },
  };
}

// The one obviously fake person of this file.
function personStatus(source: string, hrId: string): PersonStatus {
  return {
    workflowId: `person:${source}:${hrId}`,
    source,
    hrId,
    stage: 'active',
    record: {
      source,
      hrId,
      versions: {},
      seenEventIds: [],
      hire: { startDate: '2026-12-07', occurredAt: '2026-12-04T09:00:00.000Z', rescinded: false },
    },
    attributes: {
      firstName: 'Open',
      lastName: 'Api',
      email: 'open.api@example.test',
      department: 'Docs',
    },
    actual: { oktaGroups: [], awsAssignments: [] },
    pendingTimers: [],
    recentEvents: [],
    converging: false,
  };
}

const identityCodec: PayloadCodec = { encode: async (p) => p, decode: async (p) => p };

function appWith(overrides: Partial<AppOptions> = {}, delivered: HrEvent[] = []): Express {
  return createApp({
    adapters: [
      createGenericAdapter({ secrets: [SECRET] }),
      createBambooHrAdapter({ secrets: [SECRET] }),
    ],
    gateway: fakeGateway(delivered),
    logger: createLogger('silent'),
    bodyLimit: '2kb',
    scim: createScimAdapter({ tokens: [TOKEN] }),
    codec: { codec: identityCodec, origins: [] },
    oktaEventHooks: createOktaEventHookAdapter({ secrets: [TOKEN] }),
    ...overrides,
  });
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean | undefined> };
  handle?: { stack?: Layer[] };
  rawPath?: unknown;
}

/** `METHOD /path` for every route the express app registered, routers included. */
function registeredRoutes(app: Express): string[] {
  const routes: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on) paths.forEach((path) => routes.push(`${method.toUpperCase()} ${prefix}${path}`));
        }
      } else if (layer.handle?.stack) {
        const mount =
          typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');

  return routes;
}

function documentedOperations(document: Document): string[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method] !== undefined).map(
      (method) => `${method.toUpperCase()} ${path}`,
    ),
  );
}

/** True when the express route (`:param`) would answer the documented path (`{param}`). */
function serves(route: string, documented: string): boolean {
  const [routeMethod, routePath = ''] = route.split(' ');
  const [method, path = ''] = documented.split(' ');
  const pattern = routePath
    .split('/')
    .map((segment) =>
      segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');

  return (
    routeMethod === method &&
    new RegExp(`^${pattern}$`, 'i').test(path.replace(/\{[^}]+\}/g, 'sample'))
  );
}

async function listen(app: Express): Promise<{ url: string; close: () => Promise<void> }> {
  const server = await new Promise<Server>((ready) => {
    const listening = app.listen(0, '127.0.0.1', () => ready(listening));
  });

  return {
    url: serverUrl(server),
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

function genericHeaders(raw: string): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));

  return {
    'content-type': 'application/json',
    'x-tenure-timestamp': timestamp,
    'x-tenure-signature': signGeneric(SECRET, timestamp, raw),
  };
}

function genericHire(hrId: string): string {
  return JSON.stringify({
    eventId: `evt-${hrId}`,
    type: 'hire',
    occurredAt: '2026-12-04T09:00:00Z',
    effectiveDate: '2026-12-07',
    employee: { hrId, firstName: 'Open', lastName: 'Api', email: 'open.api@example.test' },
  });
}

function scimUser(externalId: string, changes: Json = {}): string {
  return JSON.stringify({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    externalId,
    userName: 'open.api@example.test',
    active: true,
    name: { givenName: 'Open', familyName: 'Api' },
    emails: [{ value: 'open.api@example.test', type: 'work', primary: true }],
    ...changes,
  });
}

const bearer = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json' };
const deactivate = JSON.stringify({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
});
const misspeltPatch = JSON.stringify({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations: [{ op: 'Replace', path: 'activ', value: 'False' }],
});

describe('the OpenAPI document', () => {
  const delivered: HrEvent[] = [];
  const app = appWith({}, delivered);
  let server: { url: string; close: () => Promise<void> };
  let document: Document;

  beforeAll(async () => {
    server = await listen(app);
    document = (await (await fetch(`${server.url}/openapi.json`)).json()) as Document;
  });
  afterAll(() => server.close());

  it('is served at /openapi.json as OpenAPI 3.1', async () => {
    const response = await fetch(`${server.url}/openapi.json`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(document.openapi).toBe('3.1.0');
  });

  it('documents every route the app registers, and only those', () => {
    const routes = registeredRoutes(app);
    const operations = documentedOperations(document);

    const undocumented = routes.filter((route) => !operations.some((op) => serves(route, op)));
    const unserved = operations.filter((op) => !routes.some((route) => serves(route, op)));

    expect(routes).toEqual(
      expect.arrayContaining(['GET /healthz', 'POST /scim/v2/Users', 'PATCH /scim/v2/Users/:id']),
    );
    expect(undocumented).toEqual([]);
    expect(unserved).toEqual([]);
  });

  it('follows the options: without SCIM, codec or sources, none is served or documented', async () => {
    const bare = appWith({
      adapters: [],
      scim: undefined,
      codec: undefined,
      oktaEventHooks: undefined,
    });
    const running = await listen(bare);
    const bareDocument = (await (await fetch(`${running.url}/openapi.json`)).json()) as Document;
    await running.close();

    const routes = registeredRoutes(bare);
    const operations = documentedOperations(bareDocument);

    expect(operations.some((op) => /\/scim\/|\/codec\/|\/webhooks\/okta/.test(op))).toBe(false);
    expect(routes.filter((route) => !operations.some((op) => serves(route, op)))).toEqual([]);
    expect(operations.filter((op) => !routes.some((route) => serves(route, op)))).toEqual([]);
  });

  it('marks the people routes as needing an operator token when the app requires one', () => {
    const options = { webhookSources: [], scim: false, codec: false, bodyLimit: '2kb' };

    const guarded = createOpenApiDocument({ ...options, operatorAuth: true }) as Document;
    const open = createOpenApiDocument(options) as Document;

    const status = (doc: Document) => doc.paths['/people/{source}/{hrId}']?.get as Json;
    expect(status(guarded)).toMatchObject({ security: [{ operatorBearer: [] }] });
    expect(Object.keys(status(guarded).responses as Json)).toContain('401');
    expect(Object.keys(status(open).responses as Json)).not.toContain('401');
  });

  it('resolves every $ref and declares every path parameter', () => {
    const refs = JSON.stringify(document).match(/"\$ref":"[^"]+"/g) ?? [];
    const unresolved = refs
      .map((ref) => ref.slice('"$ref":"#/'.length, -1).split('/'))
      .filter(
        (parts) =>
          parts.reduce<unknown>((node, part) => (node as Json | undefined)?.[part], document) ===
          undefined,
      );
    const undeclared = Object.entries(document.paths).flatMap(([path, item]) => {
      const names = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);

      return METHODS.filter((method) => item[method]).flatMap((method) => {
        const operation = item[method] as Json;
        const declared = [
          ...((item.parameters as Json[]) ?? []),
          ...((operation.parameters as Json[]) ?? []),
        ]
          .filter((parameter) => parameter.in === 'path')
          .map((parameter) => parameter.name);

        return names
          .filter((name) => !declared.includes(name))
          .map((name) => `${method} ${path} {${name}}`);
      });
    });

    expect(refs.length).toBeGreaterThan(10);
    expect(unresolved).toEqual([]);
    expect(undeclared).toEqual([]);
  });

  it('answers every exercised request with a status documented for its operation', async () => {
    const big = 'x'.repeat(3_000);
    const cases: [string, string, RequestInit, number][] = [
      ['GET', '/healthz', {}, 200],
      ['GET', '/readyz', {}, 200],
      ['GET', '/openapi.json', {}, 200],
      [
        'POST',
        '/webhooks/generic',
        { body: genericHire('E1'), headers: genericHeaders(genericHire('E1')) },
        202,
      ],
      [
        'POST',
        '/webhooks/generic',
        { body: genericHire('E1'), headers: { 'content-type': 'application/json' } },
        401,
      ],
      ['POST', '/webhooks/generic', { body: '{', headers: genericHeaders('{') }, 400],
      [
        'POST',
        '/webhooks/generic',
        { body: 'x', headers: { ...genericHeaders('x'), 'content-type': 'text/plain' } },
        415,
      ],
      ['POST', '/webhooks/generic', { body: big, headers: genericHeaders(big) }, 413],
      [
        'POST',
        '/webhooks/generic',
        { body: genericHire(DOWN), headers: genericHeaders(genericHire(DOWN)) },
        503,
      ],
      [
        'POST',
        '/webhooks/bamboohr',
        { body: '{"employees":[]}', headers: bambooHeaders('{"employees":[]}') },
        202,
      ],
      ['POST', '/webhooks/bamboohr', { body: '{"employees":[]}' }, 401],
      ['GET', '/people/generic/E1', {}, 200],
      ['GET', '/people/Generic!/E1', {}, 400],
      ['GET', `/people/generic/${MISSING}`, {}, 404],
      ['GET', `/people/generic/${DOWN}`, {}, 503],
      ['POST', '/people/generic/E1/reconcile', {}, 202],
      ['POST', `/people/generic/${MISSING}/reconcile`, {}, 404],
      ['POST', `/people/generic/${DOWN}/reconcile`, {}, 503],
      ['POST', '/scim/v2/Users', { body: scimUser('S1'), headers: bearer }, 201],
      [
        'POST',
        '/scim/v2/Users',
        { body: scimUser('S1'), headers: { 'content-type': 'application/scim+json' } },
        401,
      ],
      [
        'POST',
        '/scim/v2/Users',
        { body: scimUser('S1', { externalId: undefined }), headers: bearer },
        400,
      ],
      [
        'POST',
        '/scim/v2/Users',
        { body: scimUser('S1'), headers: { ...bearer, 'content-type': 'text/plain' } },
        415,
      ],
      ['POST', '/scim/v2/Users', { body: big, headers: bearer }, 413],
      ['POST', '/scim/v2/Users', { body: scimUser(DOWN), headers: bearer }, 503],
      [
        'PUT',
        '/scim/v2/Users/S1',
        { body: scimUser('S1', { active: false }), headers: bearer },
        200,
      ],
      ['PATCH', '/scim/v2/Users/S1', { body: deactivate, headers: bearer }, 200],
      ['PATCH', '/scim/v2/Users/S1', { body: misspeltPatch, headers: bearer }, 400],
      ['PATCH', `/scim/v2/Users/${DOWN}`, { body: deactivate, headers: bearer }, 503],
      ['PATCH', `/scim/v2/Users/${MISSING}`, { body: deactivate, headers: bearer }, 404],
      ['GET', '/scim/v2/Users/S1', { headers: bearer }, 200],
      ['GET', `/scim/v2/Users/${MISSING}`, { headers: bearer }, 404],
      ['GET', `/scim/v2/Users/${DOWN}`, { headers: bearer }, 503],
      ['GET', '/scim/v2/Users/S1', {}, 401],
      ['GET', '/scim/v2/Users?filter=externalId%20eq%20%22S1%22', { headers: bearer }, 200],
      ['GET', '/scim/v2/Users?filter=userName%20eq%20%22a%22', { headers: bearer }, 400],
      [
        'POST',
        '/codec/decode',
        { body: '{"payloads":[]}', headers: { 'content-type': 'application/json' } },
        200,
      ],
      [
        'POST',
        '/codec/encode',
        { body: '{"nope":1}', headers: { 'content-type': 'application/json' } },
        400,
      ],
    ];

    const mismatches: string[] = [];
    for (const [method, path, init, expected] of cases) {
      const response = await fetch(`${server.url}${path}`, { method, ...init });
      const documented = documentedStatuses(document, method, path.split('?')[0] as string);
      if (response.status !== expected || !documented.includes(String(response.status))) {
        mismatches.push(
          `${method} ${path}: got ${response.status}, expected ${expected}, ` +
            `documented ${documented.join(',')}`,
        );
      }
    }

    expect(mismatches).toEqual([]);
  });
});

function bambooHeaders(raw: string): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));

  return {
    'content-type': 'application/json',
    'x-bamboohr-timestamp': timestamp,
    'x-bamboohr-signature': signBambooHr(SECRET, timestamp, raw),
  };
}

/** The response codes documented for the operation a concrete request path falls under. */
function documentedStatuses(document: Document, method: string, path: string): string[] {
  const exact = document.paths[path];
  const entry =
    exact ??
    Object.entries(document.paths).find(([template]) =>
      new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path),
    )?.[1];
  const operation = entry?.[method.toLowerCase()] as { responses?: Json } | undefined;

  return Object.keys(operation?.responses ?? {});
}

describe('the SCIM routes', () => {
  const delivered: HrEvent[] = [];
  let server: { url: string; close: () => Promise<void> };

  beforeAll(async () => {
    server = await listen(appWith({}, delivered));
  });
  afterAll(() => server.close());
  beforeEach(() => delivered.splice(0));

  it('creates with 201, a Location and a minimal User whose id is the externalId', async () => {
    const response = await fetch(`${server.url}/scim/v2/Users`, {
      method: 'POST',
      headers: bearer,
      body: scimUser('S2'),
    });
    const user = (await response.json()) as Json;

    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(response.headers.get('location')).toBe('/scim/v2/Users/S2');
    expect(user).toMatchObject({
      id: 'S2',
      externalId: 'S2',
      active: true,
      meta: { resourceType: 'User' },
    });
    expect(delivered.map((event) => [event.kind, event.hrId])).toEqual([['hire', 'S2']]);
  });

  it('hands a reactivation to the gateway as a hire, then a withdrawal of the termination', async () => {
    const body = JSON.stringify({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'Replace', path: 'active', value: 'True' }],
    });

    const response = await fetch(`${server.url}/scim/v2/Users/S3`, {
      method: 'PATCH',
      headers: bearer,
      body,
    });

    expect(response.status).toBe(200);
    expect(delivered.map((event) => event.kind)).toEqual(['hire', 'rescind_termination']);
  });

  it('answers every refusal as an RFC 7644 error, with a Bearer challenge on 401', async () => {
    const unauthenticated = await fetch(`${server.url}/scim/v2/Users`, {
      method: 'POST',
      body: scimUser('S4'),
    });
    const invalid = await fetch(`${server.url}/scim/v2/Users/S4`, {
      method: 'PUT',
      headers: bearer,
      body: scimUser('S4', { timezone: 'Mars/Olympus' }),
    });
    const unknownPath = await fetch(`${server.url}/scim/v2/Groups`, { headers: bearer });
    const badPatchPath = await fetch(`${server.url}/scim/v2/Users/S4`, {
      method: 'PATCH',
      headers: bearer,
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'Replace', path: 'name.givenNmae', value: 'Open' }],
      }),
    });
    const notPatchOp = await fetch(`${server.url}/scim/v2/Users/S4`, {
      method: 'PATCH',
      headers: bearer,
      body: JSON.stringify({ Operations: [{ op: 'Replace', path: 'active', value: 'False' }] }),
    });
    const notUser = await fetch(`${server.url}/scim/v2/Users`, {
      method: 'POST',
      headers: bearer,
      body: scimUser('S4', { schemas: undefined }),
    });

    expect(unauthenticated.headers.get('www-authenticate')).toMatch(/^Bearer/);
    for (const [response, status, scimType] of [
      [unauthenticated, 401, undefined],
      [invalid, 400, 'invalidValue'],
      [unknownPath, 404, undefined],
      [badPatchPath, 400, 'invalidPath'],
      [notPatchOp, 400, 'invalidSyntax'],
      [notUser, 400, 'invalidSyntax'],
    ] as const) {
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/scim\+json/);
      expect(await response.json()).toEqual({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
        status: String(status),
        ...(scimType ? { scimType } : {}),
        detail: expect.any(String),
      });
    }
    expect(delivered).toEqual([]);
  });

  it('looks a user up by externalId and describes it with the values in effect', async () => {
    const found = await fetch(
      `${server.url}/scim/v2/Users?filter=${encodeURIComponent('externalId eq "S5"')}`,
      { headers: bearer },
    );
    const absent = await fetch(
      `${server.url}/scim/v2/Users?filter=${encodeURIComponent(`externalId eq "${MISSING}"`)}`,
      { headers: bearer },
    );

    expect(await found.json()).toMatchObject({
      totalResults: 1,
      Resources: [
        { id: 'S5', active: true, userName: 'open.api@example.test', name: { givenName: 'Open' } },
      ],
    });
    expect(await absent.json()).toMatchObject({ totalResults: 0, Resources: [] });
  });
});

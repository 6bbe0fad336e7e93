/**
 * The admin endpoints the small HR API emulators share below `/__admin`: upsert, list and delete
 * the records, set and read the faults, reset, read the state. Imports nothing of the product.
 */
import type { IncomingMessage } from 'node:http';

import { adminError, baseUrlOf, readJson, type Reply } from './http';

/** What the shared endpoints need of an emulator's store. */
export interface AdminStore<Faults, State> {
  faults: Faults;
  /** Adds records or merges into existing ones; throws, storing nothing, on a bad one. */
  upsert(records: unknown[]): void;
  /** Every record in full; `baseUrl` is for the emulators whose records carry links. */
  list(baseUrl: string): unknown;
  remove(id: string): boolean;
  reset(): void;
  state(): State;
}

/** One admin request as an endpoint sees it. */
export interface AdminRequest {
  req: IncomingMessage;
  /** The decoded path below `/__admin`, e.g. `['persons', '81000001', 'employments']`. */
  path: string[];
  /** The emulator's own address as the caller named it, for links. */
  baseUrl: string;
}

/** Answers one admin route; what it throws becomes a 400 that carries the message. */
export type AdminEndpoint = (request: AdminRequest) => Reply | Promise<Reply>;

export interface AdminOptions<Faults, State> {
  /** The records' path below `/__admin` and their count's key in the state, e.g. `employees`. */
  resource: keyof State & string;
  /** One record, as a 404 names it: `no such employee`. */
  noun: string;
  store: AdminStore<Faults, State>;
  parseFaults(input: unknown): Faults;
  /** Endpoints beyond the shared ones, by the route `routeOf` gives them. */
  endpoints?: Record<string, AdminEndpoint>;
  /** The route a request names, such as `DELETE employees/:id`; `resourceRoute` unless said. */
  routeOf?(method: string, path: string[]): string;
}

/** `METHOD resource` or `METHOD resource/:id`; what lies below the id is not looked at. */
export function resourceRoute(method: string, [resource, id]: string[]): string {
  return `${method} ${resource ?? ''}${id === undefined ? '' : '/:id'}`;
}

/** A record or a list of them, as the upsert endpoints accept both. */
export function listOf(body: unknown): unknown[] {
  return Array.isArray(body) ? body : [body];
}

/**
 * Builds the admin dispatcher: the shared endpoints over `store`, then `endpoints`. It is given
 * the path below `/__admin` and answers 404 for a route it does not know.
 */
export function createAdmin<Faults, State>(
  options: AdminOptions<Faults, State>,
): (method: string, path: string[], req: IncomingMessage) => Promise<Reply> {
  const endpoints = { ...sharedEndpoints(options), ...options.endpoints };
  const routeOf = options.routeOf ?? resourceRoute;

  return async (method, path, req) => {
    const route = routeOf(method, path);
    // Own keys only, so that no route ever reaches what every object inherits.
    const endpoint = Object.hasOwn(endpoints, route) ? endpoints[route] : undefined;
    if (endpoint === undefined) return adminError(404, 'no such admin endpoint');
    try {
      return await endpoint({ req, path, baseUrl: baseUrlOf(req) });
    } catch (error) {
      return adminError(400, error instanceof Error ? error.message : 'invalid request');
    }
  };
}

/** A running emulator's methods that do what `POST faults`, `POST reset` and `GET state` do. */
export function adminMethods<Faults, State>(
  store: AdminStore<Faults, State>,
  parseFaults: (input: unknown) => Faults,
): { setFaults(faults: Faults): void; reset(): void; state(): State } {
  return {
    setFaults: (faults) => {
      store.faults = parseFaults(faults);
    },
    reset: () => store.reset(),
    state: () => store.state(),
  };
}

function sharedEndpoints<Faults, State>({
  resource,
  noun,
  store,
  parseFaults,
}: AdminOptions<Faults, State>): Record<string, AdminEndpoint> {
  return {
    [`POST ${resource}`]: async ({ req }) => {
      store.upsert(listOf(await readJson(req)));

      return { status: 200, body: { [resource]: store.state()[resource] } };
    },
    [`GET ${resource}`]: ({ baseUrl }) => ({ status: 200, body: store.list(baseUrl) }),
    [`DELETE ${resource}/:id`]: ({ path: [, id = ''] }) =>
      store.remove(id) ? { status: 204 } : adminError(404, `no such ${noun}`),
    'POST faults': async ({ req }) => {
      store.faults = parseFaults(await readJson(req));

      return { status: 200, body: store.faults };
    },
    'GET faults': () => ({ status: 200, body: store.faults }),
    'POST reset': () => {
      store.reset();

      return { status: 204 };
    },
    'GET state': () => ({ status: 200, body: store.state() }),
  };
}

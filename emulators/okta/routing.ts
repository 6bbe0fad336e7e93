import type { EventHookHub } from './event-hooks';
import type { Reply } from './http-io';
import type { ProvisioningPusher } from './provisioning-push';
import type { OktaStore } from './store';
import type { LogActor } from './system-log';

/** What every route handler may touch. */
export interface EmulatorCore {
  store: OktaStore;
  /** Base plus configured custom profile attribute names. */
  knownAttributes: ReadonlySet<string>;
  pusher: ProvisioningPusher;
  hooks: EventHookHub;
  /** Who the System Log names as the actor of every API call: the API token's admin. */
  actor: LogActor;
}

export interface RouteContext {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  /** Scheme, host and port the client used, for absolute links. */
  base: string;
  /** Normalised request path, for pagination links. */
  path: string;
  /** The call's X-Okta-Request-Id, which System Log events name as their transaction. */
  requestId: string;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Segments after /api/v1; `:name` captures one decoded segment. */
  pattern: string;
  /** Rate-limit bucket; Okta budgets collections and single resources separately. */
  family: string;
  /** Only a call that waits on another server (an Event Hook verification) answers later. */
  handle(context: RouteContext): Reply | Promise<Reply>;
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'wrong-method'; family: string }
  | { kind: 'none' };

function matchPattern(pattern: string, segments: string[]): Record<string, string> | undefined {
  const parts = pattern.split('/').filter(Boolean);
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of parts.entries()) {
    const segment = segments[index] as string;
    if (part.startsWith(':')) params[part.slice(1)] = segment;
    else if (part !== segment) return undefined;
  }

  return params;
}

export function matchRoute(routes: Route[], method: string, segments: string[]): RouteMatch {
  let wrongMethod: Route | undefined;
  for (const route of routes) {
    const params = matchPattern(route.pattern, segments);
    if (params === undefined) continue;
    if (route.method === method) return { kind: 'found', route, params };
    wrongMethod ??= route;
  }

  return wrongMethod === undefined
    ? { kind: 'none' }
    : { kind: 'wrong-method', family: wrongMethod.family };
}

/** The route's name for request counts, e.g. `GET /api/v1/users/{userId}`; never holds a login. */
export function routeName(route: Route): string {
  const path = route.pattern.replace(/:(\w+)/g, '{$1}');

  return `${route.method} /api/v1${path === '/' ? '' : path}`;
}

/** Shorthand for one entry of a route table. */
export function route(
  method: Route['method'],
  pattern: string,
  family: string,
  handle: Route['handle'],
): Route {
  return { method, pattern, family, handle };
}

/** Reads a required path parameter captured by the route pattern. */
export function param(context: RouteContext, name: string): string {
  return context.params[name] ?? '';
}

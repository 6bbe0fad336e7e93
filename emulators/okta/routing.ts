import type { Reply } from './http-io';
import type { ProvisioningPusher } from './provisioning-push';
import type { OktaStore } from './store';

/** What every route handler may touch. */
export interface EmulatorCore {
  store: OktaStore;
  /** Base plus configured custom profile attribute names. */
  knownAttributes: ReadonlySet<string>;
  pusher: ProvisioningPusher;
}

export interface RouteContext {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  /** Scheme, host and port the client used, for absolute links. */
  base: string;
  /** Normalised request path, for pagination links. */
  path: string;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Segments after /api/v1; `:name` captures one decoded segment. */
  pattern: string;
  /** Rate-limit bucket; Okta budgets collections and single resources separately. */
  family: string;
  handle(context: RouteContext): Reply;
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

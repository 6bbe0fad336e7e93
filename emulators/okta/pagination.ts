import type { OktaStore } from './store';

/** Where the page was asked for: the parts of a route context that links are built from. */
export interface PageRequest {
  base: string;
  path: string;
  query: URLSearchParams;
}

export interface PageLimits {
  defaultLimit: number;
  maxLimit: number;
}

export interface Page<T> {
  items: T[];
  /** Values for the `Link` header: `self`, plus `next` unless this is the last page. */
  links: string[];
}

function parseLimit(raw: string | null, fallback: number, max: number): number {
  const limit = raw === null ? NaN : Number.parseInt(raw, 10);
  if (!Number.isFinite(limit) || limit < 1) return fallback;

  return Math.min(limit, max);
}

function pageUrl(request: PageRequest, limit: number, after?: string): string {
  const params = new URLSearchParams();
  if (after !== undefined) params.set('after', after);
  params.set('limit', String(limit));
  for (const [name, value] of request.query) {
    if (name !== 'after' && name !== 'limit') params.append(name, value);
  }

  return `${request.base}${request.path}?${params.toString()}`;
}

/**
 * Cuts one page from items already in creation order. The cursor is the id of the last item
 * returned, as Okta's opaque `after` is; the next link is absolute so the SDK follows it verbatim.
 */
export function paginate<T extends { id: string; seq: number }>(
  items: T[],
  request: PageRequest,
  limits: PageLimits,
  store: OktaStore,
): Page<T> {
  const limit = parseLimit(request.query.get('limit'), limits.defaultLimit, limits.maxLimit);
  const after = request.query.get('after');
  const afterSeq = after === null ? 0 : (store.cursorSeq(after) ?? Number.POSITIVE_INFINITY);
  const remaining = items.filter((item) => item.seq > afterSeq);
  const pageItems = remaining.slice(0, limit);

  const links = [`<${pageUrl(request, limit, after ?? undefined)}>; rel="self"`];
  const last = pageItems[pageItems.length - 1];
  if (remaining.length > limit && last !== undefined) {
    links.push(`<${pageUrl(request, limit, last.id)}>; rel="next"`);
  }

  return { items: pageItems, links };
}

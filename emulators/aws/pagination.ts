import { validationError } from './errors';
import type { PageRequest } from './validation';

const DEFAULT_PAGE_SIZE = 100;
const TOKEN_PREFIX = 'offset:';

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** Slices one page; the token is an opaque offset, and the last page carries none. */
export function paginate<T>(items: T[], request: PageRequest): Page<T> {
  const offset = request.nextToken === undefined ? 0 : decodeToken(request.nextToken);
  const end = offset + (request.maxResults ?? DEFAULT_PAGE_SIZE);
  const page = items.slice(offset, end);

  return end < items.length ? { items: page, nextToken: encodeToken(end) } : { items: page };
}

function encodeToken(offset: number): string {
  return Buffer.from(`${TOKEN_PREFIX}${offset}`).toString('base64url');
}

function decodeToken(token: string): number {
  const decoded = Buffer.from(token, 'base64url').toString('utf8');
  const offset = Number(decoded.slice(TOKEN_PREFIX.length));
  if (!decoded.startsWith(TOKEN_PREFIX) || !Number.isInteger(offset) || offset < 0) {
    throw validationError('Invalid NextToken provided');
  }

  return offset;
}

/**
 * One GET of an HR system's JSON API, with every outcome classified once for the HR activity:
 * rate limits (429, or 503 with Retry-After) and 5xx or network failures are retryable; a missing
 * employee, refused credentials and other 4xx are final. Response bodies of failures are never
 * read: they may echo personal data, and the status says enough.
 */
import { HrReadError } from './port';

/** A Retry-After beyond this is taken as this, so one answer cannot park a read for hours. */
const MAX_RETRY_AFTER_MS = 10 * 60_000;

export interface JsonRead {
  url: string;
  authorization: string;
  timeoutMs: number;
  /** The system's name, for messages: `BambooHR`, `HiBob`. */
  vendor: string;
  /** What to check when the credentials are refused. */
  deniedHint: string;
  /** A response header in which the system gives its reason for an error, if it has one. */
  reasonHeader?: string;
  /** Further request headers, such as an API version the answer's shape depends on. */
  headers?: Record<string, string>;
}

/** The parsed JSON body of a successful answer; throws `HrReadError` for everything else. */
export async function readJson(request: JsonRead): Promise<unknown> {
  const response = await get(request);
  try {
    return JSON.parse(await response.text()) as unknown;
  } catch {
    throw new HrReadError(
      `${request.vendor} answered with a non-JSON body`,
      'hr.invalid_record',
      false,
    );
  }
}

async function get(request: JsonRead): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(request.url, {
      headers: {
        ...request.headers,
        Authorization: request.authorization,
        Accept: 'application/json',
      },
      signal: AbortSignal.timeout(request.timeoutMs),
    });
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'failed';
    throw new HrReadError(`the ${request.vendor} request ${reason}`, 'hr.unavailable', true);
  }
  if (response.ok) return response;

  await response.body?.cancel();
  const header = request.reasonHeader;
  const reason = header ? response.headers.get(header)?.slice(0, 200) : undefined;
  const said = `${request.vendor} answered ${response.status}${reason ? ` (${reason})` : ''}`;
  switch (response.status) {
    case 404:
      throw new HrReadError(`${said}: no such employee`, 'hr.not_found', false);
    case 401:
    case 403:
      throw new HrReadError(`${said}: ${request.deniedHint}`, 'hr.denied', false);
    case 429:
    case 503:
      // HR systems throttle with either and say when to come back.
      throw new HrReadError(said, 'hr.rate_limited', true, retryAfterMs(response.headers));
    default:
      if (response.status >= 500) throw new HrReadError(said, 'hr.unavailable', true);
      // Any other 4xx is a request the system will refuse again as it is.
      throw new HrReadError(said, 'hr.invalid_record', false);
  }
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now; undefined if absent. */
function retryAfterMs(headers: Headers): number | undefined {
  const header = headers.get('retry-after')?.trim();
  if (!header) return undefined;
  const ms = /^\d+$/.test(header) ? Number(header) * 1000 : Date.parse(header) - Date.now();
  if (Number.isNaN(ms)) return undefined;

  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

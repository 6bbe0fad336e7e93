import { randomToken } from './ids';

/** An Okta API error answer: HTTP status, stable `errorCode`, summary and cause summaries. */
export class OktaFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly summary: string,
    readonly causes: string[] = [],
  ) {
    super(`${code} ${summary}`);
    this.name = 'OktaFailure';
  }
}

export interface OktaErrorBody {
  errorCode: string;
  errorSummary: string;
  errorLink: string;
  errorId: string;
  errorCauses: { errorSummary: string }[];
}

/** The body Okta sends with every error; `errorLink` repeats the code as Okta does today. */
export function errorBody(failure: OktaFailure): OktaErrorBody {
  return {
    errorCode: failure.code,
    errorSummary: failure.summary,
    errorLink: failure.code,
    errorId: `oae${randomToken(22)}`,
    errorCauses: failure.causes.map((errorSummary) => ({ errorSummary })),
  };
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** E0000001 for schema problems; the summary names the first offending field as Okta does. */
export function validationFailed(problems: FieldProblem[]): OktaFailure {
  const first = problems[0]?.field ?? 'request';

  return new OktaFailure(
    400,
    'E0000001',
    `Api validation failed: ${first}`,
    problems.map((problem) => `${problem.field}: ${problem.message}`),
  );
}

export function userNotFound(reference: string): OktaFailure {
  return new OktaFailure(404, 'E0000007', `Not found: Resource not found: ${reference} (User)`);
}

export function groupNotFound(reference: string): OktaFailure {
  const summary = `Not found: Resource not found: ${reference} (UserGroup)`;

  return new OktaFailure(404, 'E0000007', summary);
}

export function invalidSearch(cause: string): OktaFailure {
  return new OktaFailure(400, 'E0000031', 'Invalid search criteria.', [cause]);
}

export function statusNotAllowed(): OktaFailure {
  const summary = "This operation is not allowed in the user's current status.";

  return new OktaFailure(403, 'E0000038', summary);
}

export function malformedBody(): OktaFailure {
  return new OktaFailure(400, 'E0000003', 'The request body was not well-formed.');
}

export function pathNotFound(): OktaFailure {
  return new OktaFailure(404, 'E0000008', 'The requested path was not found');
}

export function methodNotAllowed(): OktaFailure {
  return new OktaFailure(405, 'E0000022', 'The endpoint does not support the provided HTTP method');
}

export function invalidToken(): OktaFailure {
  return new OktaFailure(401, 'E0000011', 'Invalid token provided');
}

export function invalidSession(): OktaFailure {
  return new OktaFailure(403, 'E0000005', 'Invalid session');
}

export function rateLimited(): OktaFailure {
  return new OktaFailure(429, 'E0000047', 'API call exceeded rate limit due to too many requests.');
}

export function internalError(): OktaFailure {
  return new OktaFailure(500, 'E0000009', 'Internal Server Error');
}

import type { ErrorStatusMapping } from './options';

/** An AWS JSON 1.1 error: `type` becomes `__type`, `fields` are merged into the body. */
export class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = type;
  }
}

const MODELLED_STATUS: Record<string, number> = {
  AccessDeniedException: 403,
  ConflictException: 409,
  InternalServerException: 500,
  ResourceNotFoundException: 404,
  ServiceQuotaExceededException: 402,
  ThrottlingException: 429,
  ValidationException: 400,
  UnknownOperationException: 400,
  SerializationException: 400,
  MissingAuthenticationToken: 403,
  IncompleteSignature: 400,
  InvalidSignatureException: 403,
};

// Conflict was seen as 400 from real sso-admin; AWS's common-errors page lists the other two
// at 400.
const OBSERVED_STATUS: Record<string, number> = {
  ConflictException: 400,
  ThrottlingException: 400,
  AccessDeniedException: 400,
};

/** The HTTP status an error is sent with under the chosen mapping. */
export function statusFor(type: string, mapping: ErrorStatusMapping): number {
  const observed = mapping === 'observed' ? OBSERVED_STATUS[type] : undefined;

  return observed ?? MODELLED_STATUS[type] ?? 400;
}

export function validationError(message: string): AwsError {
  return new AwsError('ValidationException', message);
}

export function notFound(message: string, resourceType?: string, resourceId?: string): AwsError {
  const fields: Record<string, string> = {};
  if (resourceType !== undefined) fields.ResourceType = resourceType;
  if (resourceId !== undefined) fields.ResourceId = resourceId;

  return new AwsError('ResourceNotFoundException', message, fields);
}

export function conflict(message: string): AwsError {
  return new AwsError('ConflictException', message);
}

export function throttled(message = 'Rate exceeded'): AwsError {
  return new AwsError('ThrottlingException', message);
}

export function accessDenied(message: string): AwsError {
  return new AwsError('AccessDeniedException', message);
}

export function internalError(): AwsError {
  return new AwsError(
    'InternalServerException',
    'An unexpected internal service exception was encountered',
  );
}

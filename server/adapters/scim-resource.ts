/**
 * The bodies Tenure answers SCIM clients with (RFC 7644): errors, User resources and list
 * responses. A User's `id` is its `externalId`, the HR id, so a client's later PUT and PATCH
 * address the same person whatever Tenure stores.
 */
import type { PersonAttributes } from '../../domain/hr-event';
import {
  ENTERPRISE_SCHEMA,
  ERROR_SCHEMA,
  LIST_RESPONSE_SCHEMA,
  TENURE_SCHEMA,
  USER_SCHEMA,
  type ScimType,
} from './scim-schema';

export const SCIM_MEDIA_TYPE = 'application/scim+json';
export const SCIM_USERS_PATH = '/scim/v2/Users';

export interface ScimErrorBody {
  schemas: [typeof ERROR_SCHEMA];
  /** The HTTP status as a string, as RFC 7644 section 3.12 writes it. */
  status: string;
  scimType?: ScimType;
  detail: string;
}

export function scimErrorBody(status: number, detail: string, scimType?: ScimType): ScimErrorBody {
  return {
    schemas: [ERROR_SCHEMA],
    status: String(status),
    ...(scimType !== undefined ? { scimType } : {}),
    detail,
  };
}

/** What Tenure knows of a user, to describe it back to the client. */
export interface ScimUserView {
  hrId: string;
  active?: boolean;
  userName?: string;
  attributes?: Record<string, string | undefined>;
  startDate?: string;
}

/**
 * A User resource. With attributes (a lookup), the values in effect are mapped back to their SCIM
 * names so that a client comparing them sees no difference to send; without, only what the write
 * itself set.
 */
export function scimUser(view: ScimUserView): Record<string, unknown> {
  const attributes: PersonAttributes = view.attributes ?? {};
  const enterprise = present({
    employeeNumber: attributes.employeeNumber,
    costCenter: attributes.costCenter,
    department: attributes.department,
    manager: attributes.managerId !== undefined ? { value: attributes.managerId } : undefined,
  });
  const tenure = present({
    startDate: view.startDate,
    contractEndDate: attributes.contractEndDate,
  });
  const name = present({ givenName: attributes.firstName, familyName: attributes.lastName });
  const userName = view.userName ?? (view.attributes ? (attributes.email ?? view.hrId) : undefined);

  return present({
    schemas: [
      USER_SCHEMA,
      ...(enterprise ? [ENTERPRISE_SCHEMA] : []),
      ...(tenure ? [TENURE_SCHEMA] : []),
    ],
    id: view.hrId,
    externalId: view.hrId,
    userName,
    active: view.active,
    name,
    nickName: attributes.preferredName,
    title: attributes.title,
    userType: attributes.employmentType,
    timezone: attributes.timeZone,
    emails:
      attributes.email !== undefined
        ? [{ value: attributes.email, type: 'work', primary: true }]
        : undefined,
    addresses:
      attributes.location !== undefined
        ? [{ type: 'work', locality: attributes.location, primary: true }]
        : undefined,
    [ENTERPRISE_SCHEMA]: enterprise,
    [TENURE_SCHEMA]: tenure,
    meta: {
      resourceType: 'User',
      location: `${SCIM_USERS_PATH}/${encodeURIComponent(view.hrId)}`,
    },
  }) as Record<string, unknown>;
}

export function scimListResponse(resources: Record<string, unknown>[]): Record<string, unknown> {
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: resources.length,
    startIndex: 1,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

/** The object without its undefined members, or undefined when none is left. */
function present<T extends Record<string, unknown>>(object: T): Partial<T> | undefined {
  const kept = Object.entries(object).filter(([, value]) => value !== undefined);

  return kept.length > 0 ? (Object.fromEntries(kept) as Partial<T>) : undefined;
}

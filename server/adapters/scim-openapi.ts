/**
 * The OpenAPI description of the SCIM endpoints: the schemas of what SCIM clients send and get
 * back, and the paths as the SCIM router serves them. Kept next to the SCIM adapter so that a
 * change to what it reads is documented in the same place.
 */
import {
  ENTERPRISE_SCHEMA,
  ERROR_SCHEMA,
  LIST_RESPONSE_SCHEMA,
  PATCH_OP_SCHEMA,
  TENURE_SCHEMA,
  USER_SCHEMA,
} from './scim-schema';
import { SCIM_MEDIA_TYPE, SCIM_USERS_PATH } from './scim-resource';

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const text = { type: 'string' };

export const SCIM_SCHEMAS: Record<string, Json> = {
  ScimUser: {
    type: 'object',
    description:
      'A SCIM 2.0 User (RFC 7643). Attribute names are case-insensitive; Tenure reads only the ' +
      'members listed and ignores the rest. `active` may be the string "True" or "False" (Entra).',
    required: ['schemas', 'externalId'],
    properties: {
      schemas: { type: 'array', items: text, examples: [[USER_SCHEMA, ENTERPRISE_SCHEMA]] },
      id: { ...text, description: 'Set by Tenure: equal to externalId.', readOnly: true },
      externalId: {
        type: 'string',
        pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$',
        description: 'The HR id. Required on create; on PUT it must equal the id in the path.',
      },
      userName: { ...text, description: 'Used as the work email when no emails are sent.' },
      active: {
        oneOf: [{ type: 'boolean' }, { type: 'string', enum: ['True', 'False', 'true', 'false'] }],
      },
      name: {
        type: 'object',
        properties: { givenName: text, familyName: text },
      },
      nickName: { ...text, description: 'The preferred name.' },
      title: text,
      userType: { ...text, description: 'The employment type.' },
      timezone: { ...text, description: 'IANA zone, such as Europe/Berlin.' },
      emails: {
        type: 'array',
        description: 'The primary entry is used, else the work one, else the first.',
        items: {
          type: 'object',
          properties: { value: text, type: text, primary: { type: 'boolean' } },
        },
      },
      addresses: {
        type: 'array',
        description: "The work address's locality is the person's location.",
        items: {
          type: 'object',
          properties: { type: text, locality: text, primary: { type: 'boolean' } },
        },
      },
      [ENTERPRISE_SCHEMA]: {
        type: 'object',
        properties: {
          employeeNumber: text,
          costCenter: text,
          department: text,
          division: { ...text, description: 'Accepted and ignored.' },
          manager: {
            type: 'object',
            properties: { value: { ...text, description: "The manager's externalId." } },
          },
        },
      },
      [TENURE_SCHEMA]: {
        type: 'object',
        properties: {
          startDate: {
            ...text,
            format: 'date',
            description: 'The first day of work; default today.',
          },
          contractEndDate: { ...text, format: 'date' },
        },
      },
      meta: { type: 'object', readOnly: true },
    },
  },
  ScimPatchOp: {
    type: 'object',
    required: ['schemas', 'Operations'],
    properties: {
      schemas: { type: 'array', items: { const: PATCH_OP_SCHEMA } },
      Operations: {
        type: 'array',
        minItems: 1,
        maxItems: 100,
        items: {
          type: 'object',
          required: ['op'],
          properties: {
            op: {
              type: 'string',
              description: 'add, replace or remove, in any letter case; remove is ignored.',
            },
            path: {
              ...text,
              examples: ['active', 'name.givenName', `${ENTERPRISE_SCHEMA}:department`],
            },
            value: { description: 'Without a path: an object of attributes.' },
          },
        },
      },
    },
  },
  ScimError: {
    type: 'object',
    required: ['schemas', 'status', 'detail'],
    properties: {
      schemas: { type: 'array', items: { const: ERROR_SCHEMA } },
      status: { type: 'string', description: 'The HTTP status, as a string.' },
      scimType: {
        type: 'string',
        enum: [
          'invalidValue',
          'invalidSyntax',
          'invalidFilter',
          'invalidPath',
          'mutability',
          'noTarget',
        ],
      },
      detail: { type: 'string', description: 'Names the attribute at fault, never its value.' },
    },
  },
  ScimListResponse: {
    type: 'object',
    required: ['schemas', 'totalResults', 'Resources'],
    properties: {
      schemas: { type: 'array', items: { const: LIST_RESPONSE_SCHEMA } },
      totalResults: { type: 'integer', minimum: 0, maximum: 1 },
      startIndex: { type: 'integer' },
      itemsPerPage: { type: 'integer' },
      Resources: { type: 'array', items: ref('ScimUser') },
    },
  },
};

const SCIM_ERRORS: Record<string, string> = {
  '400': 'The body, a value, the id or the filter is not acceptable (`scimType` says which).',
  '401': 'Missing or unknown bearer token; the answer carries `WWW-Authenticate: Bearer`.',
  '404': 'Tenure knows no user with this id.',
  '413': 'The body exceeds the configured limit.',
  '415': 'The body is not JSON (`application/scim+json` or `application/json`, UTF-8).',
  '503': 'Temporal did not take the request in time; retry it.',
};

function scimResponse(description: string, schema: string): Json {
  return { description, content: { [SCIM_MEDIA_TYPE]: { schema: ref(schema) } } };
}

function scimErrors(...statuses: string[]): Record<string, Json> {
  return Object.fromEntries(
    statuses.map((status) => [status, scimResponse(SCIM_ERRORS[status] ?? status, 'ScimError')]),
  );
}

function scimBody(schema: string): Json {
  const content = { schema: ref(schema) };

  return { required: true, content: { [SCIM_MEDIA_TYPE]: content, 'application/json': content } };
}

const idParameter = {
  name: 'id',
  in: 'path',
  required: true,
  description: "The user's externalId (its HR id).",
  schema: text,
};

/** The SCIM paths; `serverError` is the app's shared 500 answer. */
export function scimPaths(serverError: Json): Record<string, Json> {
  const common = { tags: ['SCIM'], security: [{ scimBearer: [] }] };
  const writeErrors = { ...scimErrors('400', '401', '413', '415', '503'), '500': serverError };

  return {
    [SCIM_USERS_PATH]: {
      post: {
        ...common,
        operationId: 'scimCreateUser',
        summary: 'Create a user: a hire (active) or a person known without access (inactive)',
        requestBody: scimBody('ScimUser'),
        responses: {
          '201': {
            ...scimResponse(
              'Temporal has the events; a minimal User, id = externalId.',
              'ScimUser',
            ),
            headers: { Location: { schema: text, description: 'The URL of the user.' } },
          },
          ...writeErrors,
        },
      },
      get: {
        ...common,
        operationId: 'scimFindUsers',
        summary: 'Look a user up by externalId; other filters are refused',
        parameters: [
          {
            name: 'filter',
            in: 'query',
            required: true,
            schema: { ...text, examples: ['externalId eq "E1001"'] },
          },
        ],
        responses: {
          '200': scimResponse('Zero or one user.', 'ScimListResponse'),
          ...scimErrors('400', '401', '503'),
          '500': serverError,
        },
      },
    },
    [`${SCIM_USERS_PATH}/{id}`]: {
      parameters: [idParameter],
      put: {
        ...common,
        operationId: 'scimReplaceUser',
        summary: 'Replace a user: active false terminates at once, active true withdraws that',
        requestBody: scimBody('ScimUser'),
        responses: {
          '200': scimResponse('Temporal has the events.', 'ScimUser'),
          ...writeErrors,
          ...scimErrors('404'),
        },
      },
      patch: {
        ...common,
        operationId: 'scimPatchUser',
        summary: 'Patch a user: active false terminates at once, active true (re)hires today',
        requestBody: scimBody('ScimPatchOp'),
        responses: {
          '200': scimResponse('Temporal has the events.', 'ScimUser'),
          ...writeErrors,
          ...scimErrors('404'),
        },
      },
      get: {
        ...common,
        operationId: 'scimGetUser',
        summary: "The user as Tenure's person workflow knows it",
        responses: {
          '200': scimResponse('The user.', 'ScimUser'),
          ...scimErrors('401', '404', '503'),
          '500': serverError,
        },
      },
    },
  };
}

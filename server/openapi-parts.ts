/** The small builders the OpenAPI document is written with. */

export type Json = Record<string, unknown>;

export const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });

export const text = { type: 'string' };

export function jsonResponse(description: string, schema: Json): Json {
  return { description, content: { 'application/json': { schema } } };
}

/** An operation; unauthenticated unless `extra` carries a security requirement. */
export function operation(tag: string, operationId: string, summary: string, extra: Json): Json {
  return { tags: [tag], operationId, summary, security: [], ...extra };
}

export function jsonBody(schema: Json): Json {
  return { required: true, content: { 'application/json': { schema } } };
}

export function pathParameter(name: string, pattern?: string): Json {
  return { name, in: 'path', required: true, schema: { ...text, ...(pattern ? { pattern } : {}) } };
}

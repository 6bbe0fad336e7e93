/**
 * The body of a BambooHR event-based webhook (`employee.created|updated|deleted`, ids only), and
 * the decoding of its form-post variant into the same shape, so that one schema checks both.
 */
import { z } from 'zod';

import { parseWithSchema, readJsonBody } from './json-body';
import { IntakeError, type IncomingDelivery } from './types';

export const EVENT_TYPES = ['employee.created', 'employee.updated', 'employee.deleted'] as const;

const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';

/**
 * The body in both variants (also for the OpenAPI document). Not strict: BambooHR may add keys,
 * and a refusal loses the delivery for good, since BambooHR never retries a 4xx. Numbers arrive
 * as strings in the form variant, so both are accepted.
 */
export const bambooHrEventBodySchema = z.object({
  type: z.enum(EVENT_TYPES, {
    error: 'expected employee.created, employee.updated or employee.deleted',
  }),
  timestamp: z.union([z.string(), z.number()]).nullish(),
  data: z.object({
    companyId: z.union([z.string(), z.number()]).nullish(),
    // Checked against the HR id alphabet when mapped, which also refuses a negative number.
    employeeId: z.union([z.string(), z.number().int()], {
      error: 'expected a string or a whole number',
    }),
    // Only `employee.updated` carries it; API aliases such as `firstName`.
    changedFields: z.array(z.string()).nullish(),
  }),
});

export type EventBody = z.output<typeof bambooHrEventBodySchema>;

/**
 * The delivery's body, JSON or form-encoded, checked against the schema. Call only after the
 * signature has been checked.
 * @throws IntakeError 415 for another media type, 400 naming the field at fault.
 */
export function readEventBody(delivery: IncomingDelivery): EventBody {
  const data = isForm(delivery.headers['content-type'])
    ? readFormBody(delivery)
    : readJson(delivery);

  return parseWithSchema(bambooHrEventBodySchema, data);
}

/** The JSON reading of the other adapters, with a 415 that names both media types BambooHR uses. */
function readJson(delivery: IncomingDelivery): unknown {
  try {
    return readJsonBody(delivery);
  } catch (error) {
    if (!(error instanceof IntakeError) || error.status !== 415) throw error;
    throw new IntakeError(
      415,
      error.code,
      `Content-Type must be application/json (UTF-8) or ${FORM_MEDIA_TYPE}`,
    );
  }
}

function isForm(contentType: string | undefined): boolean {
  return contentType?.split(';')[0]?.trim().toLowerCase() === FORM_MEDIA_TYPE;
}

/**
 * `type=...&data[employeeId]=...&data[changedFields][0]=...` as the nested object the JSON
 * variant would carry. Only the shapes BambooHR sends are understood: a name, `a[b]`, and a list
 * `a[b][n]` or `a[b][]`; anything deeper is ignored like an unknown key.
 */
function readFormBody(delivery: IncomingDelivery): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(delivery.rawBody);
  } catch {
    throw new IntakeError(400, 'intake.invalid_body', 'Body is not valid UTF-8');
  }

  const root = new FormObject();
  for (const [key, value] of new URLSearchParams(text)) {
    const path = formKeyPath(key);
    if (path === undefined) continue;
    root.set(path, value, key);
  }

  return root.toPlain();
}

type FormPath = [string] | [string, string] | [string, string, number | 'append'];

const FORM_KEY = /^([^[\]]+)(?:\[([^[\]]+)\](\[(\d{0,4})\])?)?$/;

function formKeyPath(key: string): FormPath | undefined {
  const match = FORM_KEY.exec(key);
  if (match === null) return undefined;
  const [, name = '', member, list, index = ''] = match;
  if (member === undefined) return [name];
  if (list === undefined) return [name, member];

  return [name, member, index === '' ? 'append' : Number(index)];
}

/**
 * The decoded form, built in Maps so that a key such as `__proto__` is only ever data. A key sent
 * twice with different values, or as both a value and an object, is refused: which one BambooHR
 * meant cannot be known.
 */
class FormObject {
  private readonly members = new Map<string, string | FormObject | string[]>();

  set(path: FormPath, value: string, key: string): void {
    const [name, member, index] = path;
    const existing = this.members.get(name);
    if (member === undefined) {
      if (existing !== undefined && existing !== value) throw conflicting(key);
      this.members.set(name, value);

      return;
    }

    const child = existing ?? new FormObject();
    if (!(child instanceof FormObject)) throw conflicting(key);
    this.members.set(name, child);
    if (index === undefined) {
      child.set([member], value, key);

      return;
    }

    const list = child.members.get(member) ?? [];
    if (!Array.isArray(list)) throw conflicting(key);
    child.members.set(member, list);
    if (index === 'append') {
      list.push(value);
    } else if (list[index] !== undefined && list[index] !== value) {
      throw conflicting(key);
    } else {
      list[index] = value;
    }
  }

  toPlain(): Record<string, unknown> {
    const plain: Record<string, unknown> = {};
    for (const [name, value] of this.members) {
      // defineProperty, not assignment, so that `__proto__` stays an ordinary (ignored) key.
      Object.defineProperty(plain, name, {
        value: value instanceof FormObject ? value.toPlain() : denseList(value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }

    return plain;
  }
}

function denseList(value: string | string[]): string | string[] {
  return Array.isArray(value) ? value.filter((item) => item !== undefined) : value;
}

function conflicting(key: string): IntakeError {
  return new IntakeError(
    400,
    'intake.invalid_body',
    `body: form key "${key.slice(0, 64)}" is sent twice with different values`,
  );
}

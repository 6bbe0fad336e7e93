/** The emulator's persons, employments, tokens, faults and counters, with checks on admin input. */
import { randomBytes } from 'node:crypto';

import { checkFaults } from '../shared/faults';
import { Traffic } from '../shared/store';
import type { PersonioEmulatorState, PersonioFaults, PersonioPerson } from './types';

// Personio's person ids are digit strings, its employment ids UUIDs; a little wider for tests.
const PERSON_ID = /^\d{1,24}$/;
const EMPLOYMENT_ID = /^[A-Za-z0-9-]{1,64}$/;
const PERSON_FIELDS = new Set(['first_name', 'last_name', 'preferred_name', 'email']);
const EMPLOYMENT_FIELDS: Record<string, (value: unknown) => boolean> = {
  status: isText,
  start_date: isText,
  position: (v) => isObjectOf(v, ['title']),
  org_units: (v) => Array.isArray(v) && v.every((u) => isObjectOf(u, ['id', 'type', 'name'])),
  office: (v) => isObjectOf(v, ['id', 'name']),
  supervisor: (v) => isObjectOf(v, ['id']),
  termination: (v) => isObjectOf(v, ['last_working_date', 'termination_date', 'type']),
};

type Fields = Record<string, unknown>;
interface StoredPerson {
  fields: Fields;
  employments: Map<string, Fields>;
}

export class PersonioStore {
  private persons = new Map<string, StoredPerson>();
  private tokens = new Map<string, number>();
  faults: PersonioFaults = {};
  private traffic = new Traffic();
  private issued = 0;

  constructor(
    private readonly seed: PersonioPerson[],
    private readonly tokenTtlMs: number,
  ) {
    this.upsert(seed);
  }

  /** Adds persons or merges the given fields into existing ones; checks all before storing any. */
  upsert(input: unknown[]): void {
    const checked = input.map(checkPerson);
    for (const { id, fields, employments } of checked) {
      const person = this.persons.get(id) ?? { fields: {}, employments: new Map() };
      Object.assign(person.fields, fields);
      this.persons.set(id, person);
      for (const employment of employments) mergeEmployment(person, employment);
    }
  }

  /** Adds or merges employments of a known person; false when the person is unknown. */
  upsertEmployments(personId: string, input: unknown[]): boolean {
    const person = this.persons.get(personId);
    if (person === undefined) return false;
    const checked = input.map((e, i) => checkEmployment(e, `employments[${i}]`));
    for (const employment of checked) mergeEmployment(person, employment);

    return true;
  }

  remove(id: string): boolean {
    return this.persons.delete(id);
  }

  removeEmployment(personId: string, employmentId: string): boolean {
    return this.persons.get(personId)?.employments.delete(employmentId) ?? false;
  }

  /** The person as `GET /v2/persons/{id}` answers; undefined if unknown. */
  readPerson(id: string, baseUrl: string): Fields | undefined {
    const person = this.render(id, baseUrl);
    if (person === undefined) return undefined;
    this.traffic.read(id);

    return person;
  }

  /** The person's employments, most recent start first, as Personio lists them; or undefined. */
  employmentsOf(id: string, baseUrl: string): Fields[] | undefined {
    const person = this.persons.get(id);
    if (person === undefined) return undefined;
    const latestFirst = [...person.employments.entries()].reverse();
    const startOf = ([, fields]: [string, Fields]) => String(fields.start_date ?? '');
    latestFirst.sort((a, b) => startOf(b).localeCompare(startOf(a)));

    return latestFirst.map(([employmentId, fields]) => ({
      id: employmentId,
      person: { id },
      ...fields,
      _meta: { links: { person: { href: `${baseUrl}/v2/persons/${id}` } } },
    }));
  }

  /** Every person with their employments in full, for the admin listing. */
  list(baseUrl: string): Fields[] {
    return [...this.persons.keys()].map((id) => ({
      ...this.render(id, baseUrl),
      employments: this.employmentsOf(id, baseUrl),
    }));
  }

  /** Personio's token is stable: the same one comes back until it expires. */
  issueToken(now: number): { token: string; expiresInSeconds: number } {
    this.issued += 1;
    for (const [token, expiresAt] of this.tokens) {
      if (expiresAt > now) return { token, expiresInSeconds: Math.ceil((expiresAt - now) / 1000) };
    }
    const token = `papi-${randomBytes(24).toString('base64url')}`;
    this.tokens.set(token, now + this.tokenTtlMs);

    return { token, expiresInSeconds: Math.ceil(this.tokenTtlMs / 1000) };
  }

  tokenValid(token: string, now: number): boolean {
    return (this.tokens.get(token) ?? 0) > now;
  }

  revokeTokens(): void {
    this.tokens.clear();
  }

  count(status: number): void {
    this.traffic.count(status);
  }

  state(): PersonioEmulatorState {
    return {
      persons: this.persons.size,
      faults: { ...this.faults },
      requests: this.traffic.requests(),
      tokensIssued: this.issued,
      reads: this.traffic.reads(),
    };
  }

  reset(): void {
    this.persons = new Map();
    this.upsert(this.seed);
    this.tokens = new Map();
    this.faults = {};
    this.traffic = new Traffic();
    this.issued = 0;
  }

  private render(id: string, baseUrl: string): Fields | undefined {
    const person = this.persons.get(id);
    if (person === undefined) return undefined;

    return {
      id,
      ...person.fields,
      employments: [...person.employments.keys()].map((employmentId) => ({ id: employmentId })),
      _meta: { links: { employments: { href: `${baseUrl}/v2/persons/${id}/employments` } } },
    };
  }
}

function mergeEmployment(person: StoredPerson, { id, fields }: { id: string; fields: Fields }) {
  person.employments.set(id, { ...person.employments.get(id), ...fields });
}

function checkPerson(input: unknown, index: number) {
  const where = `persons[${index}]`;
  if (!isObject(input)) throw new Error(`${where} must be an object`);
  const { id, employments = [], ...rest } = input;
  if (typeof id !== 'string' || !PERSON_ID.test(id)) {
    throw new Error(`${where}.id must be a string of digits, as Personio person ids are`);
  }
  for (const [name, value] of Object.entries(rest)) {
    if (!PERSON_FIELDS.has(name)) throw new Error(`${where} has an unknown field`);
    if (!isText(value)) throw new Error(`${where}.${name} must be a string or null`);
  }
  if (!Array.isArray(employments)) throw new Error(`${where}.employments must be a list`);
  const checked = employments.map((e, i) => checkEmployment(e, `${where}.employments[${i}]`));

  return { id, fields: rest, employments: checked };
}

function checkEmployment(input: unknown, where: string): { id: string; fields: Fields } {
  if (!isObject(input)) throw new Error(`${where} must be an object`);
  const { id, ...fields } = input;
  if (typeof id !== 'string' || !EMPLOYMENT_ID.test(id)) {
    throw new Error(`${where}.id must be a string of letters, digits and dashes`);
  }
  for (const [name, value] of Object.entries(fields)) {
    // Own keys only, so that `constructor` or `__proto__` is an unknown field like any other.
    const check = Object.hasOwn(EMPLOYMENT_FIELDS, name) ? EMPLOYMENT_FIELDS[name] : undefined;
    if (check === undefined) throw new Error(`${where} has an unknown field`);
    if (value !== null && !check(value)) throw new Error(`${where}.${name} has the wrong shape`);
  }

  return { id, fields };
}

function isText(value: unknown): boolean {
  return value === null || typeof value === 'string';
}

/** An object holding only the given keys, each a string or null. */
function isObjectOf(value: unknown, keys: string[]): boolean {
  return (
    isObject(value) &&
    Object.entries(value).every(([key, inner]) => keys.includes(key) && isText(inner))
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a faults object from a test or the admin endpoint; throws naming the offending key. */
export function parseFaults(input: unknown): PersonioFaults {
  return checkFaults(input, { throttleStatus: false });
}

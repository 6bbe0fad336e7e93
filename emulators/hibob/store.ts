/** The emulator's people, faults and request counters, with the checks on what admins send. */
import { checkFaults } from '../shared/faults';
import { mergeFields, Traffic } from '../shared/store';
import type { HiBobEmulatorState, HiBobFaults, HiBobPerson } from './types';

// HiBob's ids are long digit strings; a little wider here, so tests may use short ones.
const PERSON_ID = /^\d{1,24}$/;
const NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
/** Root fields sit at the top of a person; every other section is an object of its own. */
const ROOT = 'root';

/** Field values by path, `root.email` or `work.title`; null is a field set to nothing. */
type Fields = Map<string, string | null>;

export class HiBobStore {
  private people = new Map<string, Fields>();
  faults: HiBobFaults = {};
  private traffic = new Traffic();

  constructor(private readonly seed: HiBobPerson[]) {
    this.upsert(seed);
  }

  /** Adds people or merges the given fields into existing ones; checks all before any. */
  upsert(people: unknown[]): void {
    mergeFields(this.people, people.map(checkPerson));
  }

  remove(id: string): boolean {
    return this.people.delete(id);
  }

  /** The person as HiBob's API answers it; undefined if unknown. */
  read(id: string): Record<string, unknown> | undefined {
    const fields = this.people.get(id);
    if (fields === undefined) return undefined;
    this.traffic.read(id);

    return nested(id, fields);
  }

  list(): Record<string, unknown>[] {
    return [...this.people].map(([id, fields]) => nested(id, fields));
  }

  count(status: number): void {
    this.traffic.count(status);
  }

  state(): HiBobEmulatorState {
    return {
      people: this.people.size,
      faults: { ...this.faults },
      requests: this.traffic.requests(),
      reads: this.traffic.reads(),
    };
  }

  reset(): void {
    this.people = new Map();
    this.upsert(this.seed);
    this.faults = {};
    this.traffic = new Traffic();
  }
}

/** Root fields at the top, sections as objects; names passed `NAME`, so none is `__proto__`. */
function nested(id: string, fields: Fields): Record<string, unknown> {
  const person: Record<string, unknown> = {};
  for (const [path, value] of fields) {
    const [section = ROOT, name = ''] = path.split('.');
    if (section === ROOT) {
      person[name] = value;
    } else {
      const existing = person[section];
      person[section] = { ...(isObject(existing) ? existing : {}), [name]: value };
    }
  }

  return { ...person, id };
}

function checkPerson(input: unknown, index: number): { id: string; fields: Fields } {
  if (!isObject(input)) throw new Error(`people[${index}] must be an object`);
  const { id, ...rest } = input;
  if (typeof id !== 'string' || !PERSON_ID.test(id)) {
    throw new Error(`people[${index}].id must be a string of digits, as HiBob ids are`);
  }

  const fields: Fields = new Map();
  for (const [name, value] of Object.entries(rest)) {
    if (!NAME.test(name)) throw new Error(`people[${index}] has a field name that is not a name`);
    if (!isObject(value)) {
      fields.set(`${ROOT}.${name}`, checkValue(value, `people[${index}].${name}`));
      continue;
    }
    for (const [field, inner] of Object.entries(value)) {
      const path = `${name}.${field}`;
      if (!NAME.test(field)) throw new Error(`people[${index}].${name} has a bad field name`);
      fields.set(path, checkValue(inner, `people[${index}].${path}`));
    }
  }

  return { id, fields };
}

function checkValue(value: unknown, where: string): string | null {
  if (value !== null && typeof value !== 'string') {
    throw new Error(`${where} must be a string or null`);
  }

  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a faults object from a test or the admin endpoint; throws naming the offending key. */
export function parseFaults(input: unknown): HiBobFaults {
  return checkFaults(input, { throttleStatus: true });
}

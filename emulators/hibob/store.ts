/** The emulator's people, faults and request counters, with the checks on what admins send. */
import type { HiBobEmulatorState, HiBobFaults, HiBobPerson } from './types';

// HiBob's ids are long digit strings; a little wider here, so tests may use short ones.
const PERSON_ID = /^\d{1,24}$/;
const NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const FAULT_COUNTS = [
  'latencyMs',
  'throttleBurst',
  'retryAfterSeconds',
  'serverErrorBurst',
] as const;
const KNOWN_FAULTS = new Set<string>([...FAULT_COUNTS, 'throttleStatus']);
const READ_LOG_LIMIT = 200;
/** Root fields sit at the top of a person; every other section is an object of its own. */
const ROOT = 'root';

/** Field values by path, `root.email` or `work.title`; null is a field set to nothing. */
type Fields = Map<string, string | null>;

export class HiBobStore {
  private people = new Map<string, Fields>();
  faults: HiBobFaults = {};
  private byStatus: Record<string, number> = {};
  private total = 0;
  private reads: string[] = [];

  constructor(private readonly seed: HiBobPerson[]) {
    this.upsert(seed);
  }

  /** Adds people or merges the given fields into existing ones; checks all before any. */
  upsert(people: unknown[]): void {
    const checked = people.map(checkPerson);
    for (const { id, fields } of checked) {
      const existing = this.people.get(id) ?? new Map<string, string | null>();
      for (const [path, value] of fields) existing.set(path, value);
      this.people.set(id, existing);
    }
  }

  remove(id: string): boolean {
    return this.people.delete(id);
  }

  /** The person as HiBob's API answers it; undefined if unknown. */
  read(id: string): Record<string, unknown> | undefined {
    const fields = this.people.get(id);
    if (fields === undefined) return undefined;
    this.reads.push(id);
    if (this.reads.length > READ_LOG_LIMIT) this.reads.shift();

    return nested(id, fields);
  }

  list(): Record<string, unknown>[] {
    return [...this.people].map(([id, fields]) => nested(id, fields));
  }

  count(status: number): void {
    this.total += 1;
    this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
  }

  state(): HiBobEmulatorState {
    return {
      people: this.people.size,
      faults: { ...this.faults },
      requests: { total: this.total, byStatus: { ...this.byStatus } },
      reads: [...this.reads],
    };
  }

  reset(): void {
    this.people = new Map();
    this.upsert(this.seed);
    this.faults = {};
    this.byStatus = {};
    this.total = 0;
    this.reads = [];
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
  if (!isObject(input)) throw new Error('faults must be a JSON object');
  const unknownKey = Object.keys(input).find((key) => !KNOWN_FAULTS.has(key));
  if (unknownKey !== undefined) throw new Error(`unknown fault ${unknownKey.slice(0, 64)}`);

  for (const key of FAULT_COUNTS) {
    const value = input[key];
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 0)) {
      throw new Error(`${key} must be a non-negative integer`);
    }
  }
  const status = input.throttleStatus;
  if (status !== undefined && status !== 429 && status !== 503) {
    throw new Error('throttleStatus must be 429 or 503');
  }

  return { ...input } as HiBobFaults;
}

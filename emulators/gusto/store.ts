/** The emulator's employees, faults and request counters, with the checks on what admins send. */
import type { GustoEmployee, GustoEmulatorState, GustoFaults } from './types';

// Gusto's ids are UUIDs; a little wider here, so tests may use short readable ones.
const EMPLOYEE_UUID = /^[A-Za-z0-9-]{1,64}$/;
// snake_case as Gusto writes its fields; also keeps `__proto__` and the like out.
const FIELD_NAME = /^[a-z][a-z0-9_]{0,63}$/;
const LISTS = new Set(['jobs', 'terminations']);
const FAULT_COUNTS = [
  'latencyMs',
  'throttleBurst',
  'retryAfterSeconds',
  'serverErrorBurst',
] as const;
const KNOWN_FAULTS = new Set<string>(FAULT_COUNTS);
const READ_LOG_LIMIT = 200;

type Fields = Map<string, unknown>;

export class GustoStore {
  private employees = new Map<string, Fields>();
  faults: GustoFaults = {};
  private byStatus: Record<string, number> = {};
  private versions: Record<string, number> = {};
  private total = 0;
  private reads: string[] = [];

  constructor(private readonly seed: GustoEmployee[]) {
    this.upsert(seed);
  }

  /** Adds employees or merges the given fields into existing ones; checks all before any. */
  upsert(employees: unknown[]): void {
    const checked = employees.map(checkEmployee);
    for (const { uuid, fields } of checked) {
      const existing = this.employees.get(uuid) ?? new Map<string, unknown>();
      for (const [name, value] of fields) existing.set(name, value);
      this.employees.set(uuid, existing);
    }
  }

  remove(uuid: string): boolean {
    return this.employees.delete(uuid);
  }

  /** The employee as Gusto's API answers it; undefined if unknown. */
  read(uuid: string): Record<string, unknown> | undefined {
    const fields = this.employees.get(uuid);
    if (fields === undefined) return undefined;
    this.reads.push(uuid);
    if (this.reads.length > READ_LOG_LIMIT) this.reads.shift();

    return answer(uuid, fields);
  }

  list(): Record<string, unknown>[] {
    return [...this.employees].map(([uuid, fields]) => answer(uuid, fields));
  }

  count(status: number, apiVersion: string | undefined): void {
    this.total += 1;
    this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
    const version = apiVersion ?? 'none';
    this.versions[version] = (this.versions[version] ?? 0) + 1;
  }

  state(): GustoEmulatorState {
    return {
      employees: this.employees.size,
      faults: { ...this.faults },
      requests: { total: this.total, byStatus: { ...this.byStatus } },
      reads: [...this.reads],
      apiVersions: { ...this.versions },
    };
  }

  reset(): void {
    this.employees = new Map();
    this.upsert(this.seed);
    this.faults = {};
    this.byStatus = {};
    this.versions = {};
    this.total = 0;
    this.reads = [];
  }
}

/** A copy, so that what a caller does with the answer never changes what is stored. */
function answer(uuid: string, fields: Fields): Record<string, unknown> {
  return structuredClone({ uuid, ...Object.fromEntries(fields) });
}

function checkEmployee(input: unknown, index: number): { uuid: string; fields: Fields } {
  if (!isObject(input)) throw new Error(`employees[${index}] must be an object`);
  const { uuid, ...rest } = input;
  if (typeof uuid !== 'string' || !EMPLOYEE_UUID.test(uuid)) {
    throw new Error(`employees[${index}].uuid must be 1-64 letters, digits or dashes`);
  }

  const fields: Fields = new Map();
  for (const [name, value] of Object.entries(rest)) {
    const where = `employees[${index}].${name.slice(0, 64)}`;
    if (!FIELD_NAME.test(name)) throw new Error(`${where} is not a snake_case field name`);
    if (LISTS.has(name) && value !== null && !isListOfObjects(value)) {
      throw new Error(`${where} must be a list of objects or null`);
    }
    if (value === undefined) continue;
    fields.set(name, structuredClone(value));
  }

  return { uuid, fields };
}

function isListOfObjects(value: unknown): boolean {
  return Array.isArray(value) && value.every(isObject);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a faults object from a test or the admin endpoint; throws naming the offending key. */
export function parseFaults(input: unknown): GustoFaults {
  if (!isObject(input)) throw new Error('faults must be a JSON object');
  const unknownKey = Object.keys(input).find((key) => !KNOWN_FAULTS.has(key));
  if (unknownKey !== undefined) throw new Error(`unknown fault ${unknownKey.slice(0, 64)}`);

  for (const key of FAULT_COUNTS) {
    const value = input[key];
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 0)) {
      throw new Error(`${key} must be a non-negative integer`);
    }
  }

  return { ...input } as GustoFaults;
}

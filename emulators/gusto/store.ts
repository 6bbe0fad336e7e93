/** The emulator's employees, faults and request counters, with the checks on what admins send. */
import { checkFaults } from '../shared/faults';
import { mergeFields, Traffic } from '../shared/store';
import type { GustoEmployee, GustoEmulatorState, GustoFaults } from './types';

// Gusto's ids are UUIDs; a little wider here, so tests may use short readable ones.
const EMPLOYEE_UUID = /^[A-Za-z0-9-]{1,64}$/;
// snake_case as Gusto writes its fields; also keeps `__proto__` and the like out.
const FIELD_NAME = /^[a-z][a-z0-9_]{0,63}$/;
const LISTS = new Set(['jobs', 'terminations']);

type Fields = Map<string, unknown>;

export class GustoStore {
  private employees = new Map<string, Fields>();
  faults: GustoFaults = {};
  private traffic = new Traffic();
  private versions: Record<string, number> = {};

  constructor(private readonly seed: GustoEmployee[]) {
    this.upsert(seed);
  }

  /** Adds employees or merges the given fields into existing ones; checks all before any. */
  upsert(employees: unknown[]): void {
    mergeFields(this.employees, employees.map(checkEmployee));
  }

  remove(uuid: string): boolean {
    return this.employees.delete(uuid);
  }

  /** The employee as Gusto's API answers it; undefined if unknown. */
  read(uuid: string): Record<string, unknown> | undefined {
    const fields = this.employees.get(uuid);
    if (fields === undefined) return undefined;
    this.traffic.read(uuid);

    return answer(uuid, fields);
  }

  list(): Record<string, unknown>[] {
    return [...this.employees].map(([uuid, fields]) => answer(uuid, fields));
  }

  count(status: number, apiVersion: string | undefined): void {
    this.traffic.count(status);
    const version = apiVersion ?? 'none';
    this.versions[version] = (this.versions[version] ?? 0) + 1;
  }

  state(): GustoEmulatorState {
    return {
      employees: this.employees.size,
      faults: { ...this.faults },
      requests: this.traffic.requests(),
      reads: this.traffic.reads(),
      apiVersions: { ...this.versions },
    };
  }

  reset(): void {
    this.employees = new Map();
    this.upsert(this.seed);
    this.faults = {};
    this.traffic = new Traffic();
    this.versions = {};
  }
}

/** A copy, so that what a caller does with the answer never changes what is stored. */
function answer(uuid: string, fields: Fields): Record<string, unknown> {
  return structuredClone({ uuid, ...Object.fromEntries(fields) });
}

function checkEmployee(input: unknown, index: number): { id: string; fields: Fields } {
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

  return { id: uuid, fields };
}

function isListOfObjects(value: unknown): boolean {
  return Array.isArray(value) && value.every(isObject);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a faults object from a test or the admin endpoint; throws naming the offending key. */
export function parseFaults(input: unknown): GustoFaults {
  return checkFaults(input, { throttleStatus: false });
}

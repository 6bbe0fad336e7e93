/** The emulator's employees, faults and request counters, with the checks on what admins send. */
import { checkFaults } from '../shared/faults';
import { mergeFields, Traffic } from '../shared/store';
import type { BambooHrEmployee, BambooHrEmulatorState, BambooHrFaults } from './types';

const EMPLOYEE_ID = /^\d{1,10}$/;

type Fields = Map<string, string | null>;

export class BambooHrStore {
  private employees = new Map<string, Fields>();
  faults: BambooHrFaults = {};
  private traffic = new Traffic();

  constructor(private readonly seed: BambooHrEmployee[]) {
    this.upsert(seed);
  }

  /** Adds employees or merges the given fields into existing ones; checks all before any. */
  upsert(employees: unknown[]): void {
    mergeFields(this.employees, employees.map(checkEmployee));
  }

  remove(id: string): boolean {
    return this.employees.delete(id);
  }

  /** The employee's requested fields, `null` for fields it does not have; undefined if unknown. */
  read(id: string, fields: string[]): Record<string, string | null> | undefined {
    const employee = this.employees.get(id);
    if (employee === undefined) return undefined;
    this.traffic.read(id);
    const answer: Record<string, string | null> = { id };
    // defineProperty, so that a field named `__proto__` is only ever a key.
    for (const name of fields) {
      if (name === 'id') continue;
      Object.defineProperty(answer, name, {
        value: employee.get(name) ?? null,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }

    return answer;
  }

  list(): Record<string, string | null>[] {
    return [...this.employees].map(([id, fields]) => ({ ...Object.fromEntries(fields), id }));
  }

  count(status: number): void {
    this.traffic.count(status);
  }

  state(): BambooHrEmulatorState {
    return {
      employees: this.employees.size,
      faults: { ...this.faults },
      requests: this.traffic.requests(),
      reads: this.traffic.reads(),
    };
  }

  reset(): void {
    this.employees = new Map();
    this.upsert(this.seed);
    this.faults = {};
    this.traffic = new Traffic();
  }
}

function checkEmployee(input: unknown, index: number): { id: string; fields: Fields } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new Error(`employees[${index}] must be an object`);
  }
  const { id, ...rest } = input as Record<string, unknown>;
  const text = typeof id === 'number' ? String(id) : id;
  if (typeof text !== 'string' || !EMPLOYEE_ID.test(text)) {
    throw new Error(`employees[${index}].id must be digits, as BambooHR employee ids are`);
  }
  const fields: Fields = new Map();
  for (const [name, value] of Object.entries(rest)) {
    if (value !== null && typeof value !== 'string' && typeof value !== 'number') {
      throw new Error(`employees[${index}].${name} must be a string, a number or null`);
    }
    fields.set(name, value === null ? null : String(value));
  }

  return { id: text, fields };
}

/** Checks a faults object from a test or the admin endpoint; throws naming the offending key. */
export function parseFaults(input: unknown): BambooHrFaults {
  return checkFaults(input, { throttleStatus: true, unknownKeyShown: Infinity });
}

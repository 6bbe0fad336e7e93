/** The emulator's employees, faults and request counters, with the checks on what admins send. */
import type { BambooHrEmployee, BambooHrEmulatorState, BambooHrFaults } from './types';

const EMPLOYEE_ID = /^\d{1,10}$/;
const FAULT_COUNTS = [
  'latencyMs',
  'throttleBurst',
  'retryAfterSeconds',
  'serverErrorBurst',
] as const;
const KNOWN_FAULTS = new Set<string>([...FAULT_COUNTS, 'throttleStatus']);
const READ_LOG_LIMIT = 200;

type Fields = Map<string, string | null>;

export class BambooHrStore {
  private employees = new Map<string, Fields>();
  faults: BambooHrFaults = {};
  private byStatus: Record<string, number> = {};
  private total = 0;
  private reads: string[] = [];

  constructor(private readonly seed: BambooHrEmployee[]) {
    this.upsert(seed);
  }

  /** Adds employees or merges the given fields into existing ones; checks all before any. */
  upsert(employees: unknown[]): void {
    const checked = employees.map(checkEmployee);
    for (const { id, fields } of checked) {
      const existing = this.employees.get(id) ?? new Map<string, string | null>();
      for (const [name, value] of fields) existing.set(name, value);
      this.employees.set(id, existing);
    }
  }

  remove(id: string): boolean {
    return this.employees.delete(id);
  }

  /** The employee's requested fields, `null` for fields it does not have; undefined if unknown. */
  read(id: string, fields: string[]): Record<string, string | null> | undefined {
    const employee = this.employees.get(id);
    if (employee === undefined) return undefined;
    this.reads.push(id);
    if (this.reads.length > READ_LOG_LIMIT) this.reads.shift();
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
    this.total += 1;
    this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
  }

  state(): BambooHrEmulatorState {
    return {
      employees: this.employees.size,
      faults: { ...this.faults },
      requests: { total: this.total, byStatus: { ...this.byStatus } },
      reads: [...this.reads],
    };
  }

  reset(): void {
    this.employees = new Map();
    this.upsert(this.seed);
    this.faults = {};
    this.byStatus = {};
    this.total = 0;
    this.reads = [];
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
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new Error('faults must be a JSON object');
  }
  const record = input as Record<string, unknown>;
  const unknownKey = Object.keys(record).find((key) => !KNOWN_FAULTS.has(key));
  if (unknownKey !== undefined) throw new Error(`unknown fault ${unknownKey}`);

  for (const key of FAULT_COUNTS) {
    const value = record[key];
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 0)) {
      throw new Error(`${key} must be a non-negative integer`);
    }
  }
  const status = record.throttleStatus;
  if (status !== undefined && status !== 429 && status !== 503) {
    throw new Error('throttleStatus must be 429 or 503');
  }

  return { ...record } as BambooHrFaults;
}

/** The BambooHR emulator's public shapes: options, faults, employees and the running handle. */

export interface BambooHrEmulatorOptions {
  /** 0 or undefined picks a free port. The emulator listens on 127.0.0.1 only. */
  port?: number;
  /** The company subdomain in `/api/gateway.php/{companyDomain}/...`. */
  companyDomain: string;
  /** The one API key accepted as the Basic user name (the password is ignored, as in BambooHR). */
  apiKey: string;
  /** Employees present at start and after every reset. */
  employees?: BambooHrEmployee[];
}

/**
 * One employee by API field name (`firstName`, `workEmail`, `hireDate`, ...). `id` is BambooHR's
 * immutable employee id, digits only; a null value is a field that is set to nothing.
 */
export interface BambooHrEmployee {
  id: string | number;
  [field: string]: string | number | null;
}

export interface BambooHrFaults {
  /** Delay added before every API answer. */
  latencyMs?: number;
  /** The next N API requests are throttled with `throttleStatus` and a `Retry-After`. */
  throttleBurst?: number;
  /** 503, as BambooHR throttles, or 429 as some of its endpoints do; default 503. */
  throttleStatus?: 429 | 503;
  /** The throttled answers' `Retry-After`, in whole seconds; default 1. */
  retryAfterSeconds?: number;
  /** The next N API requests (after any throttled ones) are answered 500. */
  serverErrorBurst?: number;
}

export interface BambooHrEmulatorState {
  employees: number;
  faults: BambooHrFaults;
  /** API requests only (admin calls are not counted), by answered status. */
  requests: { total: number; byStatus: Record<string, number> };
  /** Employee ids read with 200, in order, for the last 200 successful reads. */
  reads: string[];
}

export interface BambooHrEmulator {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:PORT. */
  url: string;
  close(): Promise<void>;
  /** Replaces the current faults, as POST /__admin/faults does. */
  setFaults(faults: BambooHrFaults): void;
  /** Adds employees or merges fields into existing ones, as POST /__admin/employees does. */
  upsertEmployees(employees: BambooHrEmployee[]): void;
  /** Back to the seeded employees, no faults and zero counters, as POST /__admin/reset does. */
  reset(): void;
  state(): BambooHrEmulatorState;
}

/** The Gusto emulator's public shapes: options, faults, employees and the running handle. */

export interface GustoEmulatorOptions {
  /** 0 or undefined picks a free port. The emulator listens on 127.0.0.1 only. */
  port?: number;
  /** The access token every API request must present as `Authorization: Bearer <token>`. */
  token: string;
  /** Employees present at start and after every reset. */
  employees?: GustoEmployee[];
}

/** A job as Gusto's employee answer embeds it; only the fields Tenure reads are named. */
export interface GustoJob {
  uuid?: string;
  title?: string | null;
  /** `YYYY-MM-DD`: when the employee was hired or rehired for the job. */
  hire_date?: string;
  primary?: boolean;
  location?: { city?: string; state?: string; [field: string]: unknown };
  [field: string]: unknown;
}

/** A termination; Gusto deletes a cancelled one rather than marking it. */
export interface GustoTermination {
  uuid?: string;
  /** `YYYY-MM-DD`: the employee's last day of work. */
  effective_date?: string;
  /** Whether the termination has taken effect. */
  active?: boolean;
  cancelable?: boolean;
  [field: string]: unknown;
}

/**
 * One employee in the shape `GET /v1/employees/{uuid}` answers (API version 2025-06-15), with
 * snake_case fields such as `first_name`, `work_email`, `department`, `manager_uuid`, `hired_at`,
 * `terminated`, `current_employment_status`, `jobs` and `terminations`. Any other snake_case field
 * is stored and answered as given; null clears a field on upsert.
 */
export interface GustoEmployee {
  uuid: string;
  first_name?: string | null;
  last_name?: string | null;
  preferred_first_name?: string | null;
  /** The personal address; Tenure never uses it. */
  email?: string | null;
  work_email?: string | null;
  department?: string | null;
  manager_uuid?: string | null;
  hired_at?: string | null;
  terminated?: boolean | null;
  current_employment_status?: string | null;
  jobs?: GustoJob[] | null;
  terminations?: GustoTermination[] | null;
  [field: string]: unknown;
}

export interface GustoFaults {
  /** Delay added before every API answer. */
  latencyMs?: number;
  /** The next N API requests are answered 429 with a `Retry-After`. */
  throttleBurst?: number;
  /** The throttled answers' `Retry-After`, in whole seconds; default 1. */
  retryAfterSeconds?: number;
  /** The next N API requests (after any throttled ones) are answered 500. */
  serverErrorBurst?: number;
}

export interface GustoEmulatorState {
  employees: number;
  faults: GustoFaults;
  /** API requests only (admin calls are not counted), by answered status. */
  requests: { total: number; byStatus: Record<string, number> };
  /** Employee UUIDs read with 200, in order, for the last 200 successful reads. */
  reads: string[];
  /** API requests by their `X-Gusto-API-Version` header; `none` when it was absent. */
  apiVersions: Record<string, number>;
}

export interface GustoEmulator {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:PORT. */
  url: string;
  close(): Promise<void>;
  /** Replaces the current faults, as POST /__admin/faults does. */
  setFaults(faults: GustoFaults): void;
  /** Adds employees or merges fields into existing ones, as POST /__admin/employees does. */
  upsertEmployees(employees: GustoEmployee[]): void;
  /** Back to the seeded employees, no faults and zero counters, as POST /__admin/reset does. */
  reset(): void;
  state(): GustoEmulatorState;
}

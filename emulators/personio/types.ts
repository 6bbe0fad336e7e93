/** The Personio emulator's public shapes: options, faults, persons, employments and the handle. */

export interface PersonioEmulatorOptions {
  /** 0 or undefined picks a free port. The emulator listens on 127.0.0.1 only. */
  port?: number;
  /** The API credentials' client id and secret, exchanged at `POST /v2/auth/token`. */
  clientId: string;
  clientSecret: string;
  /** Persons present at start and after every reset. */
  persons?: PersonioPerson[];
  /**
   * Lifetime of issued access tokens in seconds; Personio's are stable for 24 h (86400, the
   * default). Tests shorten it to watch a reader fetch a new one.
   */
  tokenTtlSeconds?: number;
}

/** An object the employment points to; `name` is present only where the field is readable. */
export interface PersonioReference {
  id?: string | null;
  name?: string | null;
}

/**
 * One employment in the shape `GET /v2/persons/{id}/employments` answers (UNVERIFIED beyond
 * `id`, `status`, `person`, `supervisor`, `org_units`, `office`, `position`, `start_date` and
 * `termination` named in Personio's documentation). Dates are `YYYY-MM-DD`; `null` clears a
 * field on upsert.
 */
export interface PersonioEmployment {
  id: string;
  /** `ACTIVE`, `INACTIVE`, `ONBOARDING` or `LEAVE`. */
  status?: string | null;
  start_date?: string | null;
  position?: { title?: string | null } | null;
  /** Department and team, each `{ id, type: 'department' | 'team', name }`. */
  org_units?: (PersonioReference & { type?: string })[] | null;
  office?: PersonioReference | null;
  supervisor?: { id?: string | null } | null;
  termination?: {
    last_working_date?: string | null;
    termination_date?: string | null;
    type?: string | null;
  } | null;
}

/** One person as `GET /v2/persons/{id}` answers it; employments are added through their own route. */
export interface PersonioPerson {
  id: string;
  first_name?: string | null;
  last_name?: string | null;
  preferred_name?: string | null;
  email?: string | null;
  employments?: PersonioEmployment[];
}

export interface PersonioFaults {
  /** Delay added before every API answer. */
  latencyMs?: number;
  /** The next N API requests (the token endpoint included) get 429 with a `Retry-After`. */
  throttleBurst?: number;
  /** The throttled answers' `Retry-After`, in whole seconds; default 1. */
  retryAfterSeconds?: number;
  /** The next N API requests (after any throttled ones) are answered 500. */
  serverErrorBurst?: number;
}

export interface PersonioEmulatorState {
  persons: number;
  faults: PersonioFaults;
  /** API requests only (admin calls are not counted), by answered status. */
  requests: { total: number; byStatus: Record<string, number> };
  /** Access tokens handed out (a stable token handed out again counts again). */
  tokensIssued: number;
  /** Person ids read with 200 at `GET /v2/persons/{id}`, in order, the last 200 of them. */
  reads: string[];
}

export interface PersonioEmulator {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:PORT. */
  url: string;
  close(): Promise<void>;
  /** Replaces the current faults, as POST /__admin/faults does. */
  setFaults(faults: PersonioFaults): void;
  /** Adds persons or merges fields into existing ones, as POST /__admin/persons does. */
  upsertPersons(persons: PersonioPerson[]): void;
  /** Adds or merges a person's employments, as POST /__admin/persons/{id}/employments does. */
  upsertEmployments(personId: string, employments: PersonioEmployment[]): void;
  /** Deletes one employment, as HR deleting it in Personio would; false if there was none. */
  removeEmployment(personId: string, employmentId: string): boolean;
  /** Makes every access token issued so far invalid, as an expiry would. */
  revokeTokens(): void;
  /** Back to the seeded persons, no faults, no tokens and zero counters. */
  reset(): void;
  state(): PersonioEmulatorState;
}

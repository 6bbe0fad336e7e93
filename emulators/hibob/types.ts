/** The HiBob emulator's public shapes: options, faults, people and the running handle. */

export interface HiBobEmulatorOptions {
  /** 0 or undefined picks a free port. The emulator listens on 127.0.0.1 only. */
  port?: number;
  /** The service user's id, the Basic user name. */
  serviceUserId: string;
  /** The service user's token, the Basic password. */
  token: string;
  /** People present at start and after every reset. */
  people?: HiBobPerson[];
}

/** A section's fields (`work.title` is `{ work: { title } }`); null clears a field on upsert. */
export type HiBobSection = Record<string, string | null>;

/**
 * One person in the shape HiBob's API answers (the field paths are UNVERIFIED, from the
 * reference): root fields at the top (`id`, `email`, `firstName`, `surname`, `displayName`),
 * then `work` (`title`, `department`, `reportsTo` as the manager's id, `site`, `startDate`) and
 * `internal` (`status`, `terminationDate`). Values are strings; dates `YYYY-MM-DD`.
 */
export interface HiBobPerson {
  id: string;
  work?: HiBobSection;
  internal?: HiBobSection;
  [rootField: string]: string | null | HiBobSection | undefined;
}

export interface HiBobFaults {
  /** Delay added before every API answer. */
  latencyMs?: number;
  /** The next N API requests are throttled with `throttleStatus` and a `Retry-After`. */
  throttleBurst?: number;
  /** 429, as HiBob throttles, or 503; default 429. */
  throttleStatus?: 429 | 503;
  /** The throttled answers' `Retry-After`, in whole seconds; default 1. */
  retryAfterSeconds?: number;
  /** The next N API requests (after any throttled ones) are answered 500. */
  serverErrorBurst?: number;
}

export interface HiBobEmulatorState {
  people: number;
  faults: HiBobFaults;
  /** API requests only (admin calls are not counted), by answered status. */
  requests: { total: number; byStatus: Record<string, number> };
  /** Person ids read with 200, in order, for the last 200 successful reads. */
  reads: string[];
}

export interface HiBobEmulator {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:PORT. */
  url: string;
  close(): Promise<void>;
  /** Replaces the current faults, as POST /__admin/faults does. */
  setFaults(faults: HiBobFaults): void;
  /** Adds people or merges fields into existing ones, as POST /__admin/people does. */
  upsertPeople(people: HiBobPerson[]): void;
  /** Back to the seeded people, no faults and zero counters, as POST /__admin/reset does. */
  reset(): void;
  state(): HiBobEmulatorState;
}

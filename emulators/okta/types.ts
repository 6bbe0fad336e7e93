export interface OktaEmulatorOptions {
  /** 0 or undefined picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** The one SSWS token the emulator accepts. */
  apiToken: string;
  /** Budget per endpoint family and minute window; default 600. */
  rateLimitPerMinute?: number;
  /** Profile keys accepted besides the Okta base profile attributes. */
  customProfileAttributes?: string[];
  /** SCIM-lag model: user changes are pushed to `pushUrl` after `delayMs`. */
  provisioning?: { pushUrl: string; delayMs: number };
  /** OKTA_GROUP names created at start and after every reset. */
  seedGroups?: string[];
  /** An Event Hook the org already has, ACTIVE and VERIFIED, kept across resets. */
  eventHooks?: EventHookOption;
}

export interface EventHookOption {
  /** Where Okta POSTs event batches, e.g. http://127.0.0.1:8080/webhooks/okta. */
  url: string;
  /** The header the secret travels in; default `Authorization`. */
  headerName?: string;
  /** The header's value, sent as is (include any scheme such as `Bearer `). */
  secret: string;
  /** Subscribed System Log event types; default the user lifecycle types Tenure reads. */
  events?: string[];
  /** How long events gather into one delivery, for every hook of the emulator; default 200. */
  batchDelayMs?: number;
}

export interface OktaFaults {
  /** Delay added before every Okta API answer. */
  latencyMs?: number;
  /** Share of Okta API requests answered 500 E0000009. */
  errorRate?: number;
  /** The next N Okta API requests are answered 429 E0000047. */
  rateLimitBurst?: number;
  /** Share of Okta API connections destroyed without an answer. */
  dropRate?: number;
  /** Share of Event Hook batches delivered twice (Okta delivers at least once). */
  hookDuplicateRate?: number;
  /** Share of Event Hook batches whose events are sent in reverse order. */
  hookReorderRate?: number;
  /** Delay added before every Event Hook delivery. */
  hookDelayMs?: number;
}

export interface OktaEmulator {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:PORT. */
  url: string;
  close(): Promise<void>;
  /** Replaces the current faults, as POST /__admin/faults does. */
  setFaults(faults: OktaFaults): void;
  /** Forgets every user, group, counter and fault, as POST /__admin/reset does. */
  reset(): void;
}

export const USER_STATUSES = [
  'STAGED',
  'PROVISIONED',
  'ACTIVE',
  'RECOVERY',
  'PASSWORD_EXPIRED',
  'LOCKED_OUT',
  'SUSPENDED',
  'DEPROVISIONED',
] as const;

export type UserStatus = (typeof USER_STATUSES)[number];

export type Profile = Record<string, unknown>;

export interface UserRecord {
  id: string;
  /** Creation order; list order and pagination cursors follow it. */
  seq: number;
  status: UserStatus;
  created: string;
  activated: string | null;
  statusChanged: string | null;
  lastUpdated: string;
  passwordChanged: string | null;
  profile: Profile;
  hasPassword: boolean;
  provider: { type: string; name: string };
  /** Whether the provisioning target has been told about this user. */
  pushed: boolean;
}

export interface GroupRecord {
  id: string;
  seq: number;
  type: 'OKTA_GROUP' | 'BUILT_IN';
  created: string;
  lastUpdated: string;
  lastMembershipUpdated: string;
  profile: { name: string; description: string | null };
  /** Explicit members; a BUILT_IN group implicitly holds every user. */
  members: Set<string>;
}

export type EventHookStatus = 'ACTIVE' | 'INACTIVE';
export type EventHookVerification = 'UNVERIFIED' | 'VERIFIED';

/** Counters for one hook's deliveries; status codes only, never what was delivered. */
export interface EventHookStats {
  /** POSTs answered 2xx, duplicates included. */
  delivered: number;
  /** Batches given up after the last attempt. */
  failed: number;
  retried: number;
  duplicated: number;
  reordered: number;
  eventsDelivered: number;
  verifications: { succeeded: number; failed: number };
  /** Status of the most recent attempts, oldest first; 0 for a timeout or a refused connection. */
  lastStatuses: number[];
}

export interface EventHookRecord {
  id: string;
  name: string;
  description: string | null;
  status: EventHookStatus;
  verificationStatus: EventHookVerification;
  created: string;
  createdBy: string;
  lastUpdated: string;
  events: string[];
  channel: {
    uri: string;
    version: string;
    headers: { key: string; value: string }[];
    /** Write-only in Okta: never rendered back. */
    authScheme: { key: string; value: string } | null;
  };
  stats: EventHookStats;
}

/**
 * The contract between the HTTP server and the intake adapters: a delivery goes in exactly as it
 * arrived, canonical HR events come out, and anything wrong comes out as an `IntakeError` that the
 * server turns into a 4xx without starting anything.
 */
import type { HrEvent } from '../../domain/hr-event';

/** One webhook request as the server received it, before anything parsed the body. */
export interface IncomingDelivery {
  /** The body exactly as received; signatures are computed over these bytes. */
  rawBody: Buffer;
  /** Header names lower-cased, as Node delivers them. */
  headers: Record<string, string | undefined>;
  /** The server's clock when the request arrived; freshness checks compare against it. */
  receivedAt: Date;
}

/** Verifies and maps the deliveries of one HR source; pure, so it holds no state between calls. */
export interface IntakeAdapter {
  /** The source name written into every event, such as `generic` or `bamboohr`. */
  source: string;
  /**
   * Its route, `POST /webhooks/<route>`, when that is not `source`: two formats of one HR system
   * (BambooHR's field-based and event-based webhooks) write the same source, so that both reach
   * the same person, and need a route each.
   */
  route?: string;
  /**
   * The delivery's events in the order the sender listed them; an empty list when the sender
   * sent none.
   * @throws IntakeError when the signature, the media type or the body is not acceptable.
   */
  parse(delivery: IncomingDelivery): HrEvent[];
  /**
   * Recognises a delivery that is a handshake rather than news (Gusto's verification token) and
   * says how to answer it; undefined for any other delivery, which then goes to `parse`.
   * @throws IntakeError when the delivery claims to be a handshake but is malformed.
   */
  handshake?(delivery: IncomingDelivery): HandshakeReply | undefined;
  /**
   * How long the sender waits for an answer before it counts the delivery as failed (Personio:
   * 3 s). The hand-off to Temporal is given less than this, so that a slow Temporal yields a 503
   * the sender sees rather than a timeout it may not retry the same way.
   */
  ackTimeoutMs?: number;
}

/** The answer to a handshake; nothing reaches a person's workflow. */
export interface HandshakeReply {
  body: Record<string, unknown>;
  /**
   * A secret the sender handed over in the handshake (Gusto's verification token, which then
   * keys its signatures). The route records it durably before answering 200, so an operator can
   * read it and configure it; it is never logged.
   */
  verificationToken?: string;
}

export type IntakeErrorStatus = 400 | 401 | 413 | 415;

/**
 * A delivery Tenure refuses. Codes in use: `intake.bad_signature`, `intake.stale_timestamp` (401),
 * `intake.unsupported_media_type` (415), `intake.invalid_body` (400). The message names the header
 * or the field path at fault and never echoes a secret or a personal value, so it is safe to send
 * back to the sender and to log.
 */
export class IntakeError extends Error {
  constructor(
    readonly status: IntakeErrorStatus,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'IntakeError';
  }
}

/** An adapter was built with unusable options; thrown at start-up, never per request. */
export class IntakeConfigError extends Error {
  readonly code = 'intake.invalid_config';

  constructor(message: string) {
    super(message);
    this.name = 'IntakeConfigError';
  }
}

/** Shared by the factories: a list of webhook secrets must hold at least one usable secret. */
export function requireSecrets(source: string, secrets: readonly string[]): readonly string[] {
  if (!Array.isArray(secrets) || secrets.length === 0) {
    throw new IntakeConfigError(`The ${source} adapter needs at least one webhook secret`);
  }
  if (secrets.some((secret) => typeof secret !== 'string' || secret.length === 0)) {
    throw new IntakeConfigError(`Every ${source} webhook secret must be a non-empty string`);
  }

  return [...secrets];
}

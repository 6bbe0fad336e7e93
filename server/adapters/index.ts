/**
 * The intake adapters: one per HR source, each verifying a webhook's signature over the raw bytes
 * and mapping its body to canonical HR events. Pure; the server owns HTTP, size limits and
 * handing events to Temporal.
 */
export {
  IntakeConfigError,
  IntakeError,
  type HandshakeReply,
  type IncomingDelivery,
  type IntakeAdapter,
  type IntakeErrorStatus,
} from './types';
export { createGenericAdapter, type GenericAdapterOptions } from './generic-adapter';
export { createBambooHrAdapter, type BambooHrAdapterOptions } from './bamboohr-adapter';
export {
  BAMBOOHR_EVENTS_ROUTE,
  createBambooHrEventsAdapter,
  type BambooHrEventsAdapter,
  type BambooHrEventsAdapterOptions,
} from './bamboohr-events-adapter';
export {
  createHiBobAdapter,
  HIBOB_SIGNATURE_HEADER,
  HIBOB_SOURCE,
  signHiBob,
  type HiBobAdapterOptions,
} from './hibob-adapter';
export {
  createGustoAdapter,
  GUSTO_SIGNATURE_HEADER,
  GUSTO_SOURCE,
  signGusto,
  type GustoAdapterOptions,
} from './gusto-adapter';
export {
  createPersonioAdapter,
  PERSONIO_ACK_TIMEOUT_MS,
  PERSONIO_SOURCE,
  type PersonioAdapterOptions,
} from './personio-adapter';
export {
  createScimAdapter,
  SCIM_SOURCE,
  type ScimAdapter,
  type ScimAdapterOptions,
  type ScimDelivery,
  type ScimOperation,
  type ScimWrite,
} from './scim-adapter';
export { ScimIntakeError } from './scim-schema';
export {
  BAMBOOHR_SIGNATURE_HEADER,
  BAMBOOHR_TIMESTAMP_HEADER,
  GENERIC_SIGNATURE_HEADER,
  GENERIC_TIMESTAMP_HEADER,
  signBambooHr,
  signGeneric,
} from './signing';

import { randomBytes } from 'node:crypto';
import type { ClientRequest } from 'node:http';

import { callHook, type HookAnswer } from './hook-http';
import { configuredHook, echoes, hookHeaders, hookUrl, receives } from './hook-records';
import { newId, newUuid } from './ids';
import type { LogEvent } from './system-log';
import type { EventHookOption, EventHookRecord, EventHookStats, OktaFaults } from './types';

/** The org's Event Hooks and their deliveries. */
export interface EventHookHub {
  readonly hooks: Map<string, EventHookRecord>;
  /** Queues the event for every ACTIVE, VERIFIED hook subscribed to its type. */
  publish(event: LogEvent): void;
  /** Okta's one-time verification GET, tried twice; true when the endpoint echoed the challenge. */
  verify(hook: EventHookRecord): Promise<boolean>;
  stats(): Record<string, unknown>;
  /** Forgets API-made hooks, queued and in-flight deliveries; the option hook starts afresh. */
  reset(): void;
  /** Drops queued and in-flight deliveries. */
  cancelPending(): void;
}

export interface EventHookHubOptions {
  option?: EventHookOption;
  /** The admin user who owns the API token; Okta records it as `createdBy`. */
  adminId: string;
  faults(): OktaFaults;
  now(): string;
  /** The emulator's own URL, for the envelope's `source`. */
  emulatorUrl(): string;
}

const DEFAULT_BATCH_DELAY_MS = 200;
// Okta documents no batch size; a cap keeps a bulk change from making one huge request.
const MAX_BATCH_EVENTS = 100;
// Okta retries once and documents no pause before it; a short one stands in for its queueing.
const RETRY_PAUSE_MS = 250;
const RECENT_STATUSES = 20;

const succeeded = (status: number) => status >= 200 && status < 300;
// Okta retries a timeout or a server error once; a 4xx (or a redirect) is final.
const retryable = (status: number) => status === 0 || status >= 500;
const chance = (rate: number | undefined) => rate !== undefined && Math.random() < rate;

/**
 * Creates the Event Hook hub: events gather per hook for `batchDelayMs`, then go out in Okta's
 * envelope with a 3 s deadline and at most one retry. Nothing here can fail an Okta API call.
 */
export function createEventHookHub(options: EventHookHubOptions): EventHookHub {
  const batchDelayMs = options.option?.batchDelayMs ?? DEFAULT_BATCH_DELAY_MS;
  // Parsed up front so a bad option stops start-up instead of failing deliveries later.
  if (options.option !== undefined && hookUrl(options.option.url) === undefined) {
    throw new Error('eventHooks.url must be an http or https URL');
  }
  if (!Number.isFinite(batchDelayMs) || batchDelayMs < 0) {
    throw new Error('eventHooks.batchDelayMs must be a non-negative number');
  }
  const optionHookId = newId('who');
  const hooks = new Map<string, EventHookRecord>();
  const queues = new Map<string, LogEvent[]>();
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<ClientRequest>();
  let generation = 0;

  // Timers are unref'd so a pending delivery never keeps a test process or launcher alive.
  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    timers.add(timer);
  };
  const wait = (ms: number) => new Promise<void>((resolve) => later(ms, resolve));

  const seed = () => {
    if (options.option === undefined) return;
    const hook = configuredHook(options.option, optionHookId, options.adminId, options.now());
    hooks.set(hook.id, hook);
  };

  const record = (stats: EventHookStats, answer: HookAnswer) => {
    stats.lastStatuses.push(answer.status);
    if (stats.lastStatuses.length > RECENT_STATUSES) stats.lastStatuses.shift();
  };

  const post = (hook: EventHookRecord, body: string) =>
    callHook(
      new URL(hook.channel.uri),
      { method: 'POST', headers: hookHeaders(hook), body },
      inFlight,
    );

  /** One POST of a batch, retried once after a timeout or a server error. */
  const attempt = async (hook: EventHookRecord, body: string, size: number, round: number) => {
    let answer = await post(hook, body);
    if (round !== generation) return;
    record(hook.stats, answer);
    if (retryable(answer.status)) {
      hook.stats.retried += 1;
      await wait(RETRY_PAUSE_MS);
      if (round !== generation) return;
      answer = await post(hook, body);
      if (round !== generation) return;
      record(hook.stats, answer);
    }
    if (succeeded(answer.status)) {
      hook.stats.delivered += 1;
      hook.stats.eventsDelivered += size;
    } else {
      hook.stats.failed += 1;
    }
  };

  const deliver = async (hook: EventHookRecord, events: LogEvent[], round: number) => {
    const faults = options.faults();
    if (faults.hookDelayMs) await wait(faults.hookDelayMs);
    if (round !== generation) return;
    let batch = events;
    if (batch.length > 1 && chance(faults.hookReorderRate)) {
      batch = [...batch].reverse();
      hook.stats.reordered += 1;
    }
    const body = JSON.stringify({
      eventType: 'com.okta.event_hook',
      eventTypeVersion: '1.0',
      cloudEventsVersion: '0.1',
      source: `${options.emulatorUrl()}/api/v1/eventHooks/${hook.id}`,
      eventId: newUuid(),
      eventTime: new Date().toISOString(),
      contentType: 'application/json',
      data: { events: batch },
    });
    // A duplicate is the very same delivery again, as an at-least-once redelivery would be.
    const copies = chance(faults.hookDuplicateRate) ? 2 : 1;
    for (let copy = 0; copy < copies && round === generation; copy += 1) {
      if (copy > 0) hook.stats.duplicated += 1;
      await attempt(hook, body, batch.length, round);
    }
  };

  const flush = (hookId: string, round: number) => {
    const events = queues.get(hookId) ?? [];
    queues.delete(hookId);
    const hook = hooks.get(hookId);
    if (hook === undefined || round !== generation || !receives(hook)) return;
    for (let start = 0; start < events.length; start += MAX_BATCH_EVENTS) {
      const batch = events.slice(start, start + MAX_BATCH_EVENTS);
      deliver(hook, batch, round).catch(() => {
        hook.stats.failed += 1;
      });
    }
  };

  const cancelPending = () => {
    generation += 1;
    queues.clear();
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    for (const request of inFlight) request.destroy();
    inFlight.clear();
  };

  seed();

  return {
    hooks,
    publish(event) {
      for (const hook of hooks.values()) {
        if (!receives(hook) || !hook.events.includes(event.eventType)) continue;
        const queue = queues.get(hook.id);
        if (queue !== undefined) {
          queue.push(event);
          continue;
        }
        queues.set(hook.id, [event]);
        const round = generation;
        later(batchDelayMs, () => flush(hook.id, round));
      }
    },
    async verify(hook) {
      const url = hookUrl(hook.channel.uri);
      if (url === undefined) return false;
      const challenge = randomBytes(30).toString('base64url');
      const headers = { ...hookHeaders(hook), 'X-Okta-Verification-Challenge': challenge };
      // One retry after a timeout or a wrong answer, as Okta documents for verification.
      for (let tries = 0; tries < 2; tries += 1) {
        const answer = await callHook(url, { method: 'GET', headers }, inFlight);
        if (answer.status === 200 && echoes(answer.body, challenge)) {
          hook.stats.verifications.succeeded += 1;

          return true;
        }
      }
      hook.stats.verifications.failed += 1;

      return false;
    },
    stats() {
      let pending = 0;
      for (const queue of queues.values()) pending += queue.length;
      const list = [...hooks.values()].map((hook) => ({
        id: hook.id,
        status: hook.status,
        verificationStatus: hook.verificationStatus,
        events: hook.events,
        ...hook.stats,
      }));

      return { pendingEvents: pending, inFlight: inFlight.size, hooks: list };
    },
    reset() {
      cancelPending();
      hooks.clear();
      seed();
    },
    cancelPending,
  };
}

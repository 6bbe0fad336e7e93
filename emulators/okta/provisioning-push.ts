import http, { type ClientRequest } from 'node:http';
import https from 'node:https';

import type { UserRecord } from './types';

/** What the SCIM-lag model sends to the provisioning target for one user change. */
export interface ScimUserPush {
  externalId: string;
  userName: string;
  givenName: string;
  familyName: string;
  displayName: string;
  email: string;
  active: boolean;
}

export interface ProvisioningPusher {
  /** Queues a push of the user's current profile; marks the user as known to the target. */
  push(user: UserRecord, active: boolean): void;
  /** Drops every queued push and in-flight delivery (reset). */
  cancelPending(): void;
  stats(): { sent: number; failed: number; pending: number };
}

const RETRY_DELAYS_MS = [100, 300, 900];
const DELIVERY_TIMEOUT_MS = 2000;

function toScim(user: UserRecord, active: boolean): ScimUserPush {
  const givenName = String(user.profile.firstName ?? '');
  const familyName = String(user.profile.lastName ?? '');

  return {
    externalId: user.id,
    userName: String(user.profile.login ?? ''),
    givenName,
    familyName,
    displayName: `${givenName} ${familyName}`,
    email: String(user.profile.email ?? ''),
    active,
  };
}

/**
 * Creates the pusher for the SCIM-lag model: each user's pushes go out in order, `delayMs` after
 * the change, with a few retries; a target that is down never fails an Okta API call.
 */
export function createProvisioningPusher(target?: {
  pushUrl: string;
  delayMs: number;
}): ProvisioningPusher {
  // Parsed up front so a bad URL stops start-up instead of failing an Okta API call later.
  const url = target === undefined ? undefined : new URL(target.pushUrl);
  const queues = new Map<string, { dueAt: number; payload: ScimUserPush }[]>();
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<ClientRequest>();
  let generation = 0;
  let sent = 0;
  let failed = 0;

  // Timers are unref'd so a pending push never keeps a test process or launcher alive.
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          resolve();
        },
        Math.max(0, ms),
      );
      timer.unref();
      timers.add(timer);
    });

  const deliverOnce = (url: URL, payload: string) =>
    new Promise<boolean>((resolve) => {
      const transport = url.protocol === 'https:' ? https : http;
      const request = transport.request(url, {
        method: 'POST',
        agent: false,
        timeout: DELIVERY_TIMEOUT_MS,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(payload),
        },
      });
      inFlight.add(request);
      const finish = (ok: boolean) => {
        inFlight.delete(request);
        resolve(ok);
      };
      request.on('response', (response) => {
        response.resume();
        const status = response.statusCode ?? 0;
        finish(status >= 200 && status < 300);
      });
      request.on('timeout', () => request.destroy());
      request.on('error', () => finish(false));
      request.end(payload);
    });

  const deliver = async (url: URL, push: ScimUserPush, round: number): Promise<boolean> => {
    const payload = JSON.stringify(push);
    for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length; attempt += 1) {
      if (round !== generation) return false;
      if (await deliverOnce(url, payload)) return true;
      const delay = RETRY_DELAYS_MS[attempt];
      if (delay !== undefined) await wait(delay);
    }

    return false;
  };

  const drain = async (userId: string, url: URL, round: number) => {
    const queue = queues.get(userId) ?? [];
    while (queue.length > 0 && round === generation) {
      const next = queue[0] as { dueAt: number; payload: ScimUserPush };
      await wait(next.dueAt - Date.now());
      if (round !== generation) return;
      const delivered = await deliver(url, next.payload, round);
      if (round !== generation) return;
      if (delivered) sent += 1;
      else failed += 1;
      queue.shift();
    }
    if (round === generation) queues.delete(userId);
  };

  return {
    push(user, active) {
      user.pushed = true;
      if (target === undefined || url === undefined) return;
      const entry = { dueAt: Date.now() + target.delayMs, payload: toScim(user, active) };
      const queue = queues.get(user.id);
      if (queue !== undefined) {
        queue.push(entry);

        return;
      }
      queues.set(user.id, [entry]);
      void drain(user.id, url, generation);
    },
    cancelPending() {
      generation += 1;
      queues.clear();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const request of inFlight) request.destroy();
      inFlight.clear();
      sent = 0;
      failed = 0;
    },
    stats() {
      let pending = 0;
      for (const queue of queues.values()) pending += queue.length;

      return { sent, failed, pending };
    },
  };
}

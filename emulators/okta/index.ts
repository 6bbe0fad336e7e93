import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { eventHookRoutes } from './event-hook-routes';
import { createEventHookHub } from './event-hooks';
import { parseFaults } from './faults';
import { groupRoutes } from './group-routes';
import { newId } from './ids';
import { lifecycleRoutes } from './lifecycle-routes';
import { BASE_PROFILE_ATTRIBUTES } from './profile-rules';
import { createProvisioningPusher } from './provisioning-push';
import { RateLimiter } from './rate-limiter';
import { RequestLog } from './request-log';
import type { EmulatorCore } from './routing';
import { createRequestHandler } from './server';
import { OktaStore } from './store';
import { apiTokenActor } from './system-log';
import type { OktaEmulator, OktaEmulatorOptions, OktaFaults } from './types';
import { userRoutes } from './user-routes';

export type { EventHookOption, OktaEmulator, OktaEmulatorOptions, OktaFaults } from './types';

const DEFAULT_RATE_LIMIT = 600;

function listen(server: http.Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** Starts an Okta Management API emulator for the real Okta SDK on a local HTTP port. */
export async function startOktaEmulator(options: OktaEmulatorOptions): Promise<OktaEmulator> {
  if (!options.apiToken) throw new Error('startOktaEmulator needs a non-empty apiToken');
  const budget = options.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT;
  if (!Number.isInteger(budget) || budget < 1) {
    throw new Error('rateLimitPerMinute must be a positive integer');
  }
  const host = options.host ?? '127.0.0.1';
  const store = new OktaStore(options.seedGroups ?? []);
  const pusher = createProvisioningPusher(options.provisioning);
  const knownAttributes = new Set([
    ...BASE_PROFILE_ATTRIBUTES,
    ...(options.customProfileAttributes ?? []),
  ]);
  const actor = apiTokenActor(newId('00u'));
  let faults: OktaFaults = {};
  let url = '';
  const hooks = createEventHookHub({
    ...(options.eventHooks ? { option: options.eventHooks } : {}),
    adminId: actor.id,
    faults: () => faults,
    now: store.now,
    emulatorUrl: () => url,
  });
  const core: EmulatorCore = { store, knownAttributes, pusher, hooks, actor };
  const limiter = new RateLimiter(budget);
  const log = new RequestLog();
  let closing: Promise<void> | undefined;

  const setFaults = (next: OktaFaults) => {
    faults = parseFaults(next);
  };
  const reset = () => {
    pusher.cancelPending();
    hooks.reset();
    store.reset();
    limiter.reset();
    log.reset();
    faults = {};
  };

  const publicHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const server = http.createServer(
    createRequestHandler({
      core,
      log,
      faults: () => faults,
      setFaults,
      reset,
      routes: [
        ...userRoutes(core),
        ...lifecycleRoutes(core),
        ...groupRoutes(core),
        ...eventHookRoutes(core),
      ],
      limiter,
      apiToken: options.apiToken,
      fallbackBase: () => url,
      isClosing: () => closing !== undefined,
    }),
  );
  const address = await listen(server, options.port ?? 0, host);
  url = `http://${publicHost.includes(':') ? `[${publicHost}]` : publicHost}:${address.port}`;

  return {
    url,
    setFaults,
    reset,
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        pusher.cancelPending();
        hooks.cancelPending();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });

      return closing;
    },
  };
}

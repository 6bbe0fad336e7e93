/**
 * A local stand-in for the HiBob people API that Tenure's HR reader calls, for embedded mode,
 * demos and tests. It imports nothing from the rest of the project.
 */
import { adminMethods } from '../shared/admin';
import { listenOnLoopback } from '../shared/http';
import { createRequestHandler } from './handler';
import { HiBobStore, parseFaults } from './store';
import type { HiBobEmulator, HiBobEmulatorOptions } from './types';

export type {
  HiBobEmulator,
  HiBobEmulatorOptions,
  HiBobEmulatorState,
  HiBobFaults,
  HiBobPerson,
  HiBobSection,
} from './types';

/** Starts a HiBob API emulator on a local HTTP port. */
export async function startHiBobEmulator(options: HiBobEmulatorOptions): Promise<HiBobEmulator> {
  if (!options.serviceUserId || options.serviceUserId.includes(':')) {
    throw new Error('startHiBobEmulator needs a serviceUserId without ":"');
  }
  if (!options.token) throw new Error('startHiBobEmulator needs a non-empty token');
  const store = new HiBobStore(options.people ?? []);
  const server = await listenOnLoopback(
    options.port,
    createRequestHandler({
      store,
      serviceUserId: options.serviceUserId,
      token: options.token,
    }),
  );

  return {
    url: server.url,
    ...adminMethods(store, parseFaults),
    upsertPeople: (people) => store.upsert(people),
    close: server.close,
  };
}

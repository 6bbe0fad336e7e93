/**
 * A local stand-in for the HiBob people API that Tenure's HR reader calls, for embedded mode,
 * demos and tests. It imports nothing from the rest of the project.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

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

// Loopback only: the emulator holds (fake) personal data and checks a token, nothing more.
const HOST = '127.0.0.1';

/** Starts a HiBob API emulator on a local HTTP port. */
export async function startHiBobEmulator(options: HiBobEmulatorOptions): Promise<HiBobEmulator> {
  if (!options.serviceUserId || options.serviceUserId.includes(':')) {
    throw new Error('startHiBobEmulator needs a serviceUserId without ":"');
  }
  if (!options.token) throw new Error('startHiBobEmulator needs a non-empty token');
  const store = new HiBobStore(options.people ?? []);
  let closing: Promise<void> | undefined;

  const server = http.createServer(
    createRequestHandler({
      store,
      serviceUserId: options.serviceUserId,
      token: options.token,
      isClosing: () => closing !== undefined,
    }),
  );
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });

  return {
    url: `http://${HOST}:${address.port}`,
    setFaults: (faults) => {
      store.faults = parseFaults(faults);
    },
    upsertPeople: (people) => store.upsert(people),
    reset: () => store.reset(),
    state: () => store.state(),
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });

      return closing;
    },
  };
}

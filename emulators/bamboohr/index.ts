/**
 * A local stand-in for the BambooHR employee API that Tenure's HR reader calls, for embedded mode,
 * demos and tests. It imports nothing from the rest of the project.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { createRequestHandler } from './handler';
import { BambooHrStore, parseFaults } from './store';
import type { BambooHrEmulator, BambooHrEmulatorOptions } from './types';

export type {
  BambooHrEmployee,
  BambooHrEmulator,
  BambooHrEmulatorOptions,
  BambooHrEmulatorState,
  BambooHrFaults,
} from './types';

// Loopback only: the emulator holds (fake) personal data and checks a key, nothing more.
const HOST = '127.0.0.1';

/** Starts a BambooHR API emulator on a local HTTP port. */
export async function startBambooHrEmulator(
  options: BambooHrEmulatorOptions,
): Promise<BambooHrEmulator> {
  if (!options.apiKey) throw new Error('startBambooHrEmulator needs a non-empty apiKey');
  if (!/^[A-Za-z0-9-]{1,63}$/.test(options.companyDomain)) {
    throw new Error('companyDomain must be a subdomain such as "acme"');
  }
  const store = new BambooHrStore(options.employees ?? []);
  let closing: Promise<void> | undefined;

  const server = http.createServer(
    createRequestHandler({
      store,
      companyDomain: options.companyDomain,
      apiKey: options.apiKey,
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
    upsertEmployees: (employees) => store.upsert(employees),
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

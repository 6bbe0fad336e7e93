/**
 * A local stand-in for the BambooHR employee API that Tenure's HR reader calls, for embedded mode,
 * demos and tests. It imports nothing from the rest of the project.
 */
import { adminMethods } from '../shared/admin';
import { listenOnLoopback } from '../shared/http';
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

/** Starts a BambooHR API emulator on a local HTTP port. */
export async function startBambooHrEmulator(
  options: BambooHrEmulatorOptions,
): Promise<BambooHrEmulator> {
  if (!options.apiKey) throw new Error('startBambooHrEmulator needs a non-empty apiKey');
  if (!/^[A-Za-z0-9-]{1,63}$/.test(options.companyDomain)) {
    throw new Error('companyDomain must be a subdomain such as "acme"');
  }
  const store = new BambooHrStore(options.employees ?? []);
  const server = await listenOnLoopback(
    options.port,
    createRequestHandler({
      store,
      companyDomain: options.companyDomain,
      apiKey: options.apiKey,
    }),
  );

  return {
    url: server.url,
    ...adminMethods(store, parseFaults),
    upsertEmployees: (employees) => store.upsert(employees),
    close: server.close,
  };
}

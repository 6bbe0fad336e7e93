/**
 * A local stand-in for the Gusto employee API that Tenure's HR reader calls, for embedded mode,
 * demos and tests. It imports nothing from the rest of the project.
 */
import { adminMethods } from '../shared/admin';
import { listenOnLoopback } from '../shared/http';
import { createRequestHandler } from './handler';
import { GustoStore, parseFaults } from './store';
import type { GustoEmulator, GustoEmulatorOptions } from './types';

export type {
  GustoEmployee,
  GustoEmulator,
  GustoEmulatorOptions,
  GustoEmulatorState,
  GustoFaults,
  GustoJob,
  GustoTermination,
} from './types';

/** Starts a Gusto API emulator on a local HTTP port. */
export async function startGustoEmulator(options: GustoEmulatorOptions): Promise<GustoEmulator> {
  if (!options.token || /\s/.test(options.token)) {
    throw new Error('startGustoEmulator needs a non-empty token without spaces');
  }
  const store = new GustoStore(options.employees ?? []);
  const server = await listenOnLoopback(
    options.port,
    createRequestHandler({ store, token: options.token }),
  );

  return {
    url: server.url,
    ...adminMethods(store, parseFaults),
    upsertEmployees: (employees) => store.upsert(employees),
    close: server.close,
  };
}

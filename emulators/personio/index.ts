/**
 * A local stand-in for the Personio API v2 that Tenure's HR reader calls (the OAuth2 token, a
 * person and their employments), for embedded mode, demos and tests. It imports nothing from the
 * rest of the project.
 */
import { adminMethods } from '../shared/admin';
import { listenOnLoopback } from '../shared/http';
import { createRequestHandler } from './handler';
import { parseFaults, PersonioStore } from './store';
import type { PersonioEmulator, PersonioEmulatorOptions } from './types';

export type {
  PersonioEmployment,
  PersonioEmulator,
  PersonioEmulatorOptions,
  PersonioEmulatorState,
  PersonioFaults,
  PersonioPerson,
  PersonioReference,
} from './types';

/** Personio's access tokens are stable for 24 hours. */
const DEFAULT_TOKEN_TTL_SECONDS = 86_400;

/**
 * Starts a Personio API emulator on a local HTTP port.
 * @throws Error when the credentials are empty or the seeded persons are malformed.
 */
export async function startPersonioEmulator(
  options: PersonioEmulatorOptions,
): Promise<PersonioEmulator> {
  if (!options.clientId || !options.clientSecret) {
    throw new Error('startPersonioEmulator needs a non-empty clientId and clientSecret');
  }
  const ttl = options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 1) {
    throw new Error('startPersonioEmulator needs tokenTtlSeconds to be a whole number above 0');
  }
  const store = new PersonioStore(options.persons ?? [], ttl * 1000);
  const server = await listenOnLoopback(
    options.port,
    createRequestHandler({
      store,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
    }),
  );

  return {
    url: server.url,
    ...adminMethods(store, parseFaults),
    upsertPersons: (persons) => store.upsert(persons),
    upsertEmployments: (personId, employments) => {
      if (!store.upsertEmployments(personId, employments)) {
        throw new Error('upsertEmployments: no such person');
      }
    },
    removeEmployment: (personId, employmentId) => store.removeEmployment(personId, employmentId),
    revokeTokens: () => store.revokeTokens(),
    close: server.close,
  };
}

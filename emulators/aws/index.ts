import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { parseFaults, type AwsFaults } from './faults';
import { resolveOptions, type AwsEmulatorOptions } from './options';
import { createRequestHandler } from './request-handler';
import { createEmulatorState, permissionSetArnFor, resetState } from './state';

export type { ScimGroupInput, ScimUserInput } from './directory';
export type { AwsFaults } from './faults';
export type {
  AwsEmulatorOptions,
  ErrorStatusMapping,
  InFlightLimitError,
  MissingAssignmentDelete,
  PermissionSetSeed,
} from './options';

export interface AwsEmulator {
  url: string;
  instanceArn: string;
  identityStoreId: string;
  /** The ARN of a seeded permission set; throws for a name that was not seeded. */
  permissionSetArn(name: string): string;
  close(): Promise<void>;
  /** Replaces the active faults, exactly like POST /__admin/faults. */
  setFaults(faults: AwsFaults): void;
  /** Back to the seeded state, exactly like POST /__admin/reset. */
  reset(): void;
}

/** Starts the IAM Identity Center emulator (sso-admin and identitystore) on one loopback port. */
export async function startAwsEmulator(options: AwsEmulatorOptions = {}): Promise<AwsEmulator> {
  const resolved = resolveOptions(options);
  const state = createEmulatorState(resolved);
  const server = createServer(createRequestHandler(state));
  await listen(server, resolved.port, resolved.host);

  const { port } = server.address() as AddressInfo;
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;

  return {
    url: `http://${host}:${port}`,
    instanceArn: state.instanceArn,
    identityStoreId: resolved.identityStoreId,
    permissionSetArn: (name) => {
      if (!resolved.permissionSets.some((set) => set.name === name)) {
        throw new Error(`no permission set named ${name} was seeded`);
      }

      return permissionSetArnFor(resolved.instanceId, name);
    },
    close: () => closeServer(server),
    setFaults: (faults) => {
      state.faults = parseFaults(faults);
    },
    reset: () => resetState(state),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error === undefined ? resolve() : reject(error)));
    // SDK clients keep sockets alive; without this close() would wait for their idle timeout.
    server.closeAllConnections();
  });
}

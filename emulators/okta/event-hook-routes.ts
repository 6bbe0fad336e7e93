import { OktaFailure, validationFailed, type FieldProblem } from './errors';
import { emptyStats, hookUrl } from './hook-records';
import { bodyObject, type Reply } from './http-io';
import { newId } from './ids';
import { param, route, type EmulatorCore, type Route, type RouteContext } from './routing';
import type { EventHookRecord } from './types';

const BLANK = 'The field cannot be left blank';
const EVENT_TYPE_SHAPE = /^[a-z0-9_]+(\.[a-z0-9_]+)+$/i;

type HookInput = Pick<EventHookRecord, 'name' | 'description' | 'events' | 'channel'>;

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';
const asObject = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

function hookNotFound(id: string): OktaFailure {
  return new OktaFailure(404, 'E0000007', `Not found: Resource not found: ${id} (EventHook)`);
}

function readHeaders(value: unknown, problems: FieldProblem[]): { key: string; value: string }[] {
  if (value === undefined || value === null) return [];
  const ok = Array.isArray(value) && value.every((h) => isText(asObject(h).key));
  if (!ok) {
    problems.push({ field: 'channel.config.headers', message: 'Each header needs a key' });

    return [];
  }

  return value.map((h) => ({
    key: String(asObject(h).key),
    value: String(asObject(h).value ?? ''),
  }));
}

/** Reads an event hook body; the secret's value may be left out only when `previous` has one. */
function readHook(body: unknown, previous?: EventHookRecord): HookInput {
  const input = bodyObject(body);
  const problems: FieldProblem[] = [];
  if (!isText(input.name)) problems.push({ field: 'name', message: BLANK });

  const events = asObject(input.events);
  const items = Array.isArray(events.items) ? events.items : [];
  if (events.type !== 'EVENT_TYPE') problems.push({ field: 'events.type', message: BLANK });
  if (items.length === 0 || !items.every((item) => isText(item) && EVENT_TYPE_SHAPE.test(item))) {
    problems.push({ field: 'events.items', message: 'At least one valid event type is required' });
  }

  const channel = asObject(input.channel);
  const config = asObject(channel.config);
  if (channel.type !== 'HTTP') problems.push({ field: 'channel.type', message: BLANK });
  if (!isText(channel.version)) problems.push({ field: 'channel.version', message: BLANK });
  if (!isText(config.uri) || hookUrl(config.uri) === undefined) {
    const message = 'The URI must be an absolute http or https URL';
    problems.push({ field: 'channel.config.uri', message });
  }
  const headers = readHeaders(config.headers, problems);

  let authScheme: EventHookRecord['channel']['authScheme'] = null;
  if (config.authScheme !== undefined && config.authScheme !== null) {
    const scheme = asObject(config.authScheme);
    const kept = previous?.channel.authScheme;
    const value = typeof scheme.value === 'string' ? scheme.value : kept?.value;
    if (scheme.type !== 'HEADER' || !isText(scheme.key) || value === undefined) {
      const message = 'type HEADER, a key and a value are required';
      problems.push({ field: 'channel.config.authScheme', message });
    } else {
      authScheme = { key: scheme.key, value };
    }
  }
  if (problems.length > 0) throw validationFailed(problems);

  return {
    name: input.name as string,
    description: typeof input.description === 'string' ? input.description : null,
    events: items as string[],
    channel: { uri: config.uri as string, version: channel.version as string, headers, authScheme },
  };
}

/** An event hook as Okta renders it: the secret's value is write-only and never comes back. */
function renderHook(hook: EventHookRecord, base: string): Record<string, unknown> {
  const self = `${base}/api/v1/eventHooks/${hook.id}`;
  const post = (leaf: string) => ({
    href: `${self}/lifecycle/${leaf}`,
    hints: { allow: ['POST'] },
  });
  const auth = hook.channel.authScheme;

  return {
    id: hook.id,
    status: hook.status,
    verificationStatus: hook.verificationStatus,
    name: hook.name,
    description: hook.description,
    created: hook.created,
    createdBy: hook.createdBy,
    lastUpdated: hook.lastUpdated,
    events: { type: 'EVENT_TYPE', items: [...hook.events] },
    channel: {
      type: 'HTTP',
      version: hook.channel.version,
      config: {
        uri: hook.channel.uri,
        headers: hook.channel.headers.map((h) => ({ ...h })),
        method: 'POST',
        authScheme: auth === null ? null : { type: 'HEADER', key: auth.key },
      },
    },
    _links: {
      self: { href: self, hints: { allow: ['GET', 'PUT', 'DELETE'] } },
      verify: post('verify'),
      ...(hook.status === 'ACTIVE' ? { deactivate: post('deactivate') } : {}),
      ...(hook.status === 'INACTIVE' ? { activate: post('activate') } : {}),
    },
  };
}

/** Routes for Okta's Event Hooks management API: create, list, read, replace, lifecycle, delete. */
export function eventHookRoutes(core: EmulatorCore): Route[] {
  const { hooks } = core.hooks;
  const requireHook = (context: RouteContext): EventHookRecord => {
    const id = param(context, 'hookId');
    const hook = hooks.get(id);
    if (hook === undefined) throw hookNotFound(id);

    return hook;
  };
  const answer = (hook: EventHookRecord, context: RouteContext): Reply => ({
    status: 200,
    body: renderHook(hook, context.base),
  });
  const setStatus = (context: RouteContext, status: EventHookRecord['status']): Reply => {
    const hook = requireHook(context);
    hook.status = status;
    hook.lastUpdated = core.store.now();

    return answer(hook, context);
  };

  return [
    route('POST', '/eventHooks', 'eventHooks', (context) => {
      const input = readHook(context.body);
      const timestamp = core.store.now();
      const hook: EventHookRecord = {
        ...input,
        id: newId('who'),
        status: 'ACTIVE',
        verificationStatus: 'UNVERIFIED',
        created: timestamp,
        createdBy: core.actor.id,
        lastUpdated: timestamp,
        stats: emptyStats(),
      };
      hooks.set(hook.id, hook);

      return answer(hook, context);
    }),
    route('GET', '/eventHooks', 'eventHooks', (context) => ({
      status: 200,
      body: [...hooks.values()].map((hook) => renderHook(hook, context.base)),
    })),
    route('GET', '/eventHooks/:hookId', 'eventHook', (context) =>
      answer(requireHook(context), context),
    ),
    route('PUT', '/eventHooks/:hookId', 'eventHook', (context) => {
      const hook = requireHook(context);
      const input = readHook(context.body, hook);
      // Okta asks for a new verification whenever the channel changes.
      if (JSON.stringify(input.channel) !== JSON.stringify(hook.channel)) {
        hook.verificationStatus = 'UNVERIFIED';
      }
      Object.assign(hook, input, { lastUpdated: core.store.now() });

      return answer(hook, context);
    }),
    route('DELETE', '/eventHooks/:hookId', 'eventHook', (context) => {
      const hook = requireHook(context);
      if (hook.status !== 'INACTIVE') {
        throw validationFailed([{ field: 'eventHook', message: 'Deactivate it before deleting' }]);
      }
      hooks.delete(hook.id);

      return { status: 204 };
    }),
    route('POST', '/eventHooks/:hookId/lifecycle/activate', 'eventHook', (context) =>
      setStatus(context, 'ACTIVE'),
    ),
    route('POST', '/eventHooks/:hookId/lifecycle/deactivate', 'eventHook', (context) =>
      setStatus(context, 'INACTIVE'),
    ),
    route('POST', '/eventHooks/:hookId/lifecycle/verify', 'eventHook', async (context) => {
      const hook = requireHook(context);
      if (!(await core.hooks.verify(hook))) {
        throw new OktaFailure(400, 'E0000001', 'Api validation failed: eventHook', [
          `Unable to verify event hook. Hook ${hook.name} execution failed`,
        ]);
      }
      hook.verificationStatus = 'VERIFIED';
      hook.lastUpdated = core.store.now();

      return answer(hook, context);
    }),
  ];
}

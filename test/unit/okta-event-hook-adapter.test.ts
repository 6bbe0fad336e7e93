/**
 * The Okta Event Hook adapter: the verification challenge, the shared secret, and batches of
 * System Log events deduplicated by uuid and put in published order. Examples first, then
 * generated bodies (fast-check) that must never crash it or yield a malformed event.
 */
import fc from 'fast-check';

import { OKTA_USER_ID_PATTERN } from '../../domain/directory-event';
import { IntakeConfigError, type IncomingDelivery } from '../../server/adapters';
import { createOktaEventHookAdapter } from '../../server/adapters/okta-event-hook-adapter';
import { deliveryOf, JSON_TYPE, refusal } from '../support/intake-deliveries';
import { attemptValue, check, randomBytes } from '../support/intake-properties';

const SECRET = 'Bearer hook-secret-one';
const NEXT_SECRET = 'Bearer hook-secret-two';
const NOW = new Date('2026-12-04T09:00:30Z');
// One obviously fake Okta user, varied per test.
const USER = '00uTESTHOOK0001';

function logEvent(uuid: string, eventType: string, published: string, changes: object = {}) {
  return {
    uuid,
    published,
    eventType,
    version: '0',
    outcome: { result: 'SUCCESS' },
    target: [{ id: USER, type: 'User', alternateId: 'hook.fixture@example.test' }],
    ...changes,
  };
}

function envelope(events: unknown[]) {
  return { eventType: 'com.okta.event_hook', eventTypeVersion: '1.0', data: { events } };
}

function delivery(body: unknown, headers: Record<string, string> = {}): IncomingDelivery {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);

  return deliveryOf(raw, {
    contentType: JSON_TYPE,
    headers: { authorization: SECRET, ...headers },
    receivedAt: NOW,
  });
}

describe('the Okta Event Hook adapter', () => {
  const adapter = createOktaEventHookAdapter({ secrets: [SECRET, NEXT_SECRET] });

  it('echoes the verification challenge to a caller holding the secret', () => {
    const verified = adapter.verify(
      delivery('', { 'x-okta-verification-challenge': 'Chal-lenge_42' }),
    );

    expect(verified).toEqual({ verification: 'Chal-lenge_42' });
  });

  it('refuses the verification without the secret, or with a challenge it will not reflect', () => {
    const unauthenticated = refusal(() =>
      adapter.verify(
        delivery('', { authorization: 'Bearer guess', 'x-okta-verification-challenge': 'abc' }),
      ),
    );
    const reflected = refusal(() =>
      adapter.verify(delivery('', { 'x-okta-verification-challenge': '<script>' })),
    );
    const missing = refusal(() => adapter.verify(delivery('')));

    expect(unauthenticated.status).toBe(401);
    expect(reflected.status).toBe(400);
    expect(missing.code).toBe('intake.invalid_challenge');
  });

  it('maps user lifecycle events, one per uuid, oldest first', () => {
    const events = adapter.parse(
      delivery(
        envelope([
          logEvent('u-3', 'user.lifecycle.reactivate', '2026-12-04T09:00:03.000Z'),
          logEvent('u-1', 'user.lifecycle.deactivate', '2026-12-04T09:00:01.000Z'),
          logEvent('u-1', 'user.lifecycle.deactivate', '2026-12-04T09:00:01.000Z'),
          logEvent('u-2', 'user.lifecycle.delete.initiated', '2026-12-04T10:00:02+01:00'),
        ]),
      ),
    );

    expect(events).toEqual([
      expect.objectContaining({ eventId: 'okta:u-1', change: 'deactivated', userId: USER }),
      expect.objectContaining({
        eventId: 'okta:u-2',
        change: 'deleted',
        publishedAt: '2026-12-04T09:00:02.000Z',
      }),
      expect.objectContaining({ eventId: 'okta:u-3', change: 'reactivated' }),
    ]);
    expect(events[0]?.loginHint).toBe('hook.fixture@example.test');
  });

  it('accepts the next secret while the first is still configured', () => {
    const events = adapter.parse(
      delivery(envelope([logEvent('u-9', 'user.lifecycle.suspend', NOW.toISOString())]), {
        authorization: NEXT_SECRET,
      }),
    );

    expect(events.map((event) => event.change)).toEqual(['suspended']);
  });

  it('leaves out event types it does not act on and outcomes that failed', () => {
    const events = adapter.parse(
      delivery(
        envelope([
          logEvent('u-4', 'user.session.start', NOW.toISOString()),
          logEvent('u-5', 'group.user_membership.add', NOW.toISOString()),
          logEvent('u-6', 'user.lifecycle.deactivate', NOW.toISOString(), {
            outcome: { result: 'FAILURE' },
          }),
        ]),
      ),
    );

    expect(events).toEqual([]);
  });

  it('refuses a delivery without the secret before reading the body', () => {
    const error = refusal(() =>
      adapter.parse(delivery('not json at all', { authorization: 'Bearer hook-secret-on' })),
    );

    expect(error.status).toBe(401);
    expect(error.message).not.toContain('hook-secret');
  });

  it('names the field at fault in a malformed body', () => {
    const noUser = refusal(() =>
      adapter.parse(
        delivery(
          envelope([
            logEvent('u-7', 'user.lifecycle.deactivate', NOW.toISOString(), {
              target: [{ id: '00g1', type: 'UserGroup' }],
            }),
          ]),
        ),
      ),
    );
    const badTime = refusal(() =>
      adapter.parse(
        delivery(envelope([logEvent('u-8', 'user.lifecycle.deactivate', 'yesterday')])),
      ),
    );
    const notAHook = refusal(() => adapter.parse(delivery({ data: { events: [] } })));
    const wrongMedia = refusal(() =>
      adapter.parse(delivery(envelope([]), { 'content-type': 'text/plain' })),
    );

    expect(noUser.message).toBe('data.events[0].target: names no target of type User');
    expect(badTime.message).toBe(
      'data.events[0].published: is not an ISO 8601 instant with an offset',
    );
    expect(notAHook.status).toBe(400);
    expect(notAHook.message).toContain('eventType');
    expect(wrongMedia.status).toBe(415);
  });

  it('cannot be built without a secret', () => {
    expect(() => createOktaEventHookAdapter({ secrets: [] })).toThrow(IntakeConfigError);
  });
});

describe('Okta Event Hook adapter properties', () => {
  const adapter = createOktaEventHookAdapter({ secrets: [SECRET] });

  const userEventType = fc.constantFrom(
    'user.lifecycle.activate',
    'user.lifecycle.deactivate',
    'user.lifecycle.reactivate',
    'user.lifecycle.suspend',
    'user.lifecycle.unsuspend',
    'user.lifecycle.delete.initiated',
  );
  const validEvent = fc.record({
    uuid: fc.uuid(),
    published: fc
      .date({ min: new Date('2020-01-01'), max: NOW, noInvalidDate: true })
      .map((d) => d.toISOString()),
    eventType: fc.oneof(userEventType, fc.constantFrom('user.session.start', 'app.oauth2.as')),
    outcome: fc.record({ result: fc.constantFrom('SUCCESS', 'FAILURE', 'DENY') }),
    target: fc.tuple(
      fc.record({
        id: fc.stringMatching(/^00u[A-Za-z0-9]{5,17}$/),
        type: fc.constant('User'),
        alternateId: fc.emailAddress(),
      }),
    ),
  });

  /** Parses, accepting only well-formed events or an IntakeError with a 4xx. */
  function parseSafely(body: Buffer | string): void {
    const headers = { authorization: SECRET };
    const outcome = attemptValue(() =>
      adapter.parse(deliveryOf(body, { contentType: JSON_TYPE, headers, receivedAt: NOW })),
    );
    if ('error' in outcome) return;
    const events = outcome.value;
    const ids = events.map((event) => event.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const event of events) {
      expect(event.userId).toMatch(OKTA_USER_ID_PATTERN);
      expect(Number.isNaN(Date.parse(event.publishedAt))).toBe(false);
      expect(event.eventId.startsWith('okta:')).toBe(true);
    }
    const published = events.map((event) => event.publishedAt);
    expect(published).toEqual([...published].sort());
  }

  it('maps every valid batch to one event per acted-on uuid, in published order', () => {
    check(fc.array(validEvent, { maxLength: 12 }), 1500, (events) => {
      const parsed = adapter.parse(delivery(envelope(events)));
      const actedOn = events.filter(
        (e) => e.eventType.startsWith('user.lifecycle') && e.outcome.result === 'SUCCESS',
      );

      expect(parsed).toHaveLength(new Set(actedOn.map((e) => e.uuid)).size);
      parseSafely(JSON.stringify(envelope(events)));
    });
  });

  it('never crashes on arbitrary JSON or bytes, and never yields a malformed event', () => {
    check(fc.jsonValue({ maxDepth: 5 }), 1000, (value) => {
      parseSafely(JSON.stringify(value) ?? 'null');
      parseSafely(JSON.stringify(envelope([value])));
    });
    check(randomBytes, 500, (bytes) => parseSafely(Buffer.from(bytes)));
  });

  it('refuses every delivery whose header is not exactly a configured secret', () => {
    check(fc.string({ maxLength: 40 }), 1000, (given) => {
      fc.pre(given.trim() !== SECRET);
      const error = refusal(() => adapter.parse(delivery(envelope([]), { authorization: given })));

      expect(error.status).toBe(401);
    });
  });
});

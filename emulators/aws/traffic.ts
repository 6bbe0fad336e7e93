import { internalError, throttled } from './errors';
import type { EmulatorState } from './state';
import type { Service } from './wire';

const WINDOW_MS = 1000;

export function shouldDrop(state: EmulatorState): boolean {
  return Math.random() < (state.faults.dropRate ?? 0);
}

export function injectedLatency(state: EmulatorState): Promise<void> {
  const latencyMs = state.faults.latencyMs ?? 0;
  if (latencyMs <= 0) {
    return Promise.resolve();
  }

  // Unreferenced so that a pending delay never keeps a test process alive after close().
  return new Promise((resolve) => setTimeout(resolve, latencyMs).unref());
}

/**
 * Decides whether a call goes through: injected throttle bursts first, then the shared sso-admin
 * rate ceiling, then injected internal errors. Throws the AwsError to answer instead.
 */
export function admitCall(state: EmulatorState, service: Service, nowMs = Date.now()): void {
  const { faults } = state;
  if ((faults.throttleBurst ?? 0) > 0) {
    faults.throttleBurst = (faults.throttleBurst ?? 0) - 1;
    throw throttled();
  }

  if (service === 'sso-admin') {
    const recent = state.recentSsoAdminCalls.filter((at) => nowMs - at < WINDOW_MS);
    state.recentSsoAdminCalls = recent;
    if (recent.length >= state.options.callsPerSecond) {
      throw throttled();
    }
    recent.push(nowMs);
  }

  if (Math.random() < (faults.errorRate ?? 0)) {
    throw internalError();
  }
}

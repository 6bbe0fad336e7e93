const WINDOW_MS = 60_000;

export interface RateLimitReading {
  limit: number;
  remaining: number;
  /** Epoch seconds at which the budget refills. */
  reset: number;
  allowed: boolean;
}

/** Okta-style budgets: each endpoint family gets `limit` calls per wall-clock minute. */
export class RateLimiter {
  private windows = new Map<string, { start: number; used: number }>();

  constructor(private readonly limit: number) {}

  /** Spends one call from the family's budget when `spend` is set, and reports the budget. */
  check(family: string, nowMs: number, spend: boolean): RateLimitReading {
    const start = Math.floor(nowMs / WINDOW_MS) * WINDOW_MS;
    let window = this.windows.get(family);
    if (window === undefined || window.start !== start) {
      window = { start, used: 0 };
      this.windows.set(family, window);
    }
    const allowed = window.used < this.limit;
    if (spend && allowed) window.used += 1;

    return {
      limit: this.limit,
      remaining: Math.max(0, this.limit - window.used),
      reset: (start + WINDOW_MS) / 1000,
      allowed,
    };
  }

  reset(): void {
    this.windows.clear();
  }
}

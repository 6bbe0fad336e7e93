const RECENT_LIMIT = 200;

/** One Okta API call as the admin state reports it: route names and ids only, never logins. */
export interface RequestRecord {
  requestId: string;
  /** e.g. `GET /api/v1/users/{userId}`; `unmatched` for unknown paths. */
  route: string;
  /** 0 when the connection was dropped by a fault. */
  status: number;
  authScheme: string | null;
  retryFor: string | null;
  retryCount: number | null;
}

/** Counts Okta API calls for the admin state; admin calls are not counted. */
export class RequestLog {
  private total = 0;
  private byRoute = new Map<string, number>();
  private byStatus = new Map<number, number>();
  private recent: RequestRecord[] = [];
  internalErrors = 0;

  record(entry: RequestRecord): void {
    this.total += 1;
    this.byRoute.set(entry.route, (this.byRoute.get(entry.route) ?? 0) + 1);
    this.byStatus.set(entry.status, (this.byStatus.get(entry.status) ?? 0) + 1);
    this.recent.push(entry);
    if (this.recent.length > RECENT_LIMIT) this.recent.shift();
  }

  reset(): void {
    this.total = 0;
    this.byRoute.clear();
    this.byStatus.clear();
    this.recent = [];
    this.internalErrors = 0;
  }

  snapshot() {
    return {
      total: this.total,
      byRoute: Object.fromEntries(this.byRoute),
      byStatus: Object.fromEntries(this.byStatus),
      internalErrors: this.internalErrors,
      recent: [...this.recent],
    };
  }
}

/**
 * Pieces the small HR API emulators' stores share: records merged field by field, and the API
 * traffic their state reports. Imports nothing of the product.
 */

const READ_LOG_LIMIT = 200;

/** Merges checked records into `records` by id, field by field; a new id is added. */
export function mergeFields<Value>(
  records: Map<string, Map<string, Value>>,
  checked: { id: string; fields: Map<string, Value> }[],
): void {
  for (const { id, fields } of checked) {
    const existing = records.get(id) ?? new Map<string, Value>();
    for (const [name, value] of fields) existing.set(name, value);
    records.set(id, existing);
  }
}

/** API requests by answered status, and the ids of the last 200 successful reads, in order. */
export class Traffic {
  private byStatus: Record<string, number> = {};
  private total = 0;
  private readIds: string[] = [];

  count(status: number): void {
    this.total += 1;
    this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
  }

  read(id: string): void {
    this.readIds.push(id);
    if (this.readIds.length > READ_LOG_LIMIT) this.readIds.shift();
  }

  requests(): { total: number; byStatus: Record<string, number> } {
    return { total: this.total, byStatus: { ...this.byStatus } };
  }

  reads(): string[] {
    return [...this.readIds];
  }
}

// Faults the ShipBob stand-in can inject, and its sliding-window rate limiter
// (150 requests per minute per user and application; 429 with x-retry-after and
// x-remaining-calls: reference/notes/fulfillers-and-carriers.md §2 "Rate limit").

export interface FaultMatch {
  /** operationId "<METHOD> <path template>", e.g. "POST /2026-01/order"; any operation if absent */
  operation?: string;
}

export type Fault =
  | ({ kind: "error"; status: number } & FaultMatch)
  /** before: never answer; after: do the work, then never answer (a lost response) */
  | ({ kind: "timeout"; when: "before" | "after" } & FaultMatch)
  | ({ kind: "respond"; status: number; body: unknown } & FaultMatch);

export class FaultQueue {
  private faults: Fault[] = [];
  latencyMs = 0;

  push(fault: Fault, times = 1): void {
    for (let i = 0; i < times; i++) this.faults.push(fault);
  }

  /** the first queued fault of this kind that matches the operation, removed from the queue */
  take<K extends Fault["kind"]>(kind: K, operationId: string): Extract<Fault, { kind: K }> | null {
    const i = this.faults.findIndex((f) => f.kind === kind && (!f.operation || f.operation === operationId));
    if (i < 0) return null;
    const [fault] = this.faults.splice(i, 1);
    return fault as Extract<Fault, { kind: K }>;
  }

  clear(): void {
    this.faults = [];
    this.latencyMs = 0;
  }
}

export interface RateLimit {
  limit: number;
  windowMs: number;
}

export class SlidingWindow {
  private readonly calls = new Map<string, number[]>();
  constructor(public config: RateLimit) {}

  /** counts a call; returns the calls left, or the ms until one is free when over the limit */
  hit(key: string, now: number): { ok: true; remaining: number } | { ok: false; retryAfterMs: number } {
    const recent = (this.calls.get(key) ?? []).filter((t) => t > now - this.config.windowMs);
    if (recent.length >= this.config.limit) {
      this.calls.set(key, recent);
      return { ok: false, retryAfterMs: recent[0] + this.config.windowMs - now };
    }
    recent.push(now);
    this.calls.set(key, recent);
    return { ok: true, remaining: this.config.limit - recent.length };
  }
}

// Shopify's cost-based rate limit, client side (notes/shopify.md §3; DESIGN.md §Rate limits).
// Shopify keeps a leaky bucket per app and shop: each query takes its requested cost up front
// (and gets back the difference to its actual cost), the bucket refills at `restoreRate` points
// per second, and a query that does not fit is answered THROTTLED. Every response reports
// extensions.cost.throttleStatus; we keep a per-shop estimate from it, count the calls in flight,
// and wait before a call that would not fit instead of letting Shopify refuse it.

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface QueryCost {
  requestedQueryCost?: number | null;
  actualQueryCost?: number | null;
  throttleStatus?: ThrottleStatus | null;
}

interface Bucket {
  maximumAvailable: number;
  available: number;
  restoreRate: number;
  /** when `available` was reported (ms) */
  at: number;
}

export interface ShopifyThrottleOptions {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** cost assumed for an operation not seen yet (default 100) */
  defaultCost?: number;
  random?: () => number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class ShopifyThrottle {
  private readonly buckets = new Map<string, Bucket>();
  private readonly inFlight = new Map<string, number>();
  private readonly costs = new Map<string, number>();
  private readonly waiters = new Map<string, (() => void)[]>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly defaultCost: number;

  constructor(options: ShopifyThrottleOptions = {}) {
    this.now = options.now ?? (() => Date.now());
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
    this.defaultCost = options.defaultCost ?? 100;
  }

  /** The requested cost Shopify last reported for this operation (or a default). */
  estimate(operationName: string): number {
    return this.costs.get(operationName) ?? this.defaultCost;
  }

  /** Points available now for this shop, by our estimate; null while we know nothing. */
  available(shop: string): number | null {
    const b = this.buckets.get(shop);
    if (!b) return null;
    return this.refilled(b) - (this.inFlight.get(shop) ?? 0);
  }

  private refilled(b: Bucket): number {
    return Math.min(b.maximumAvailable, b.available + ((this.now() - b.at) / 1000) * b.restoreRate);
  }

  /**
   * Waits until a call of `cost` fits in the shop's bucket, then reserves it. Until Shopify has told
   * us the bucket (first response), calls go straight away.
   */
  async acquire(shop: string, cost: number): Promise<void> {
    for (;;) {
      const b = this.buckets.get(shop);
      const available = this.available(shop);
      if (!b || available === null) break;
      const need = Math.min(cost, b.maximumAvailable);
      if (available >= need) break;
      // Sleep until the bucket should have refilled, or until a call of this shop ends: its
      // reservation is released and Shopify's refund of unused points may make room sooner.
      await Promise.race([this.sleep(this.withJitter(((need - available) / b.restoreRate) * 1000)), this.nextSettle(shop)]);
    }
    this.inFlight.set(shop, (this.inFlight.get(shop) ?? 0) + cost);
  }

  private nextSettle(shop: string): Promise<void> {
    let waiters = this.waiters.get(shop);
    if (!waiters) {
      waiters = [];
      this.waiters.set(shop, waiters);
    }
    const list = waiters;
    return new Promise((resolve) => list.push(resolve));
  }

  /** Ends a reservation; with the response's cost extension, updates the estimate. */
  settle(shop: string, reserved: number, operationName: string, cost: QueryCost | null | undefined): void {
    this.inFlight.set(shop, Math.max(0, (this.inFlight.get(shop) ?? 0) - reserved));
    const waiters = this.waiters.get(shop) ?? [];
    this.waiters.delete(shop);
    for (const wake of waiters) wake();
    if (cost?.requestedQueryCost != null) this.costs.set(operationName, cost.requestedQueryCost);
    const status = cost?.throttleStatus;
    if (status) {
      this.buckets.set(shop, {
        maximumAvailable: status.maximumAvailable,
        available: status.currentlyAvailable,
        restoreRate: status.restoreRate,
        at: this.now(),
      });
    }
  }

  /**
   * How long to wait after THROTTLED until `requested` points are back, from Shopify's own numbers
   * (our other calls in flight are not counted here: acquire() lines them up afterwards).
   */
  throttledDelay(shop: string, requested: number): number {
    const b = this.buckets.get(shop);
    if (!b) return this.withJitter(1000);
    const need = Math.min(requested, b.maximumAvailable) - this.refilled(b);
    return this.withJitter(Math.max(0, (need / b.restoreRate) * 1000));
  }

  async wait(ms: number): Promise<void> {
    await this.sleep(ms);
  }

  /** Spreads concurrent waiters: +0–10 % and up to 50 ms. */
  private withJitter(ms: number): number {
    return Math.ceil(ms + this.random() * (ms * 0.1 + 50));
  }
}

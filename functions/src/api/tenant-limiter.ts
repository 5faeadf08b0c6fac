/**
 * What one tenant may send to one warm API process: a steady rate and a burst.
 * A person clicks 1-2 times a second and a screen fires up to ~8 requests, so
 * 20/s carries a hurried person with room for a colleague; the burst of 60
 * takes several screens opened at once. Why, and how bench:load shows it:
 * docs/rate-limits.md.
 */
export const TENANT_LIMIT = { ratePerSecond: 20, burst: 60 };

/**
 * A token bucket per tenant, so one noisy tenant cannot take the whole
 * stage's throughput from the others. It lives in the process (no extra
 * request to DynamoDB per call); across N warm Lambdas a tenant gets up to
 * N times the rate, and the stage throttle bounds the total.
 */
export class TenantLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit = TENANT_LIMIT,
    private readonly now: () => number = Date.now,
    private readonly maxTenants = 10_000,
  ) {}

  /** Takes one request's token; when none is left, says how many seconds until one is. */
  take(tenantId: string): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const now = this.now();
    const bucket = this.buckets.get(tenantId) ?? { tokens: this.limit.burst, at: now };
    const refilled = Math.min(
      this.limit.burst,
      bucket.tokens + ((now - bucket.at) / 1000) * this.limit.ratePerSecond,
    );
    this.buckets.delete(tenantId);
    if (this.buckets.size >= this.maxTenants) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    if (refilled < 1) {
      this.buckets.set(tenantId, { tokens: refilled, at: now });
      return { allowed: false, retryAfterSeconds: Math.ceil((1 - refilled) / this.limit.ratePerSecond) };
    }
    this.buckets.set(tenantId, { tokens: refilled - 1, at: now });
    return { allowed: true };
  }
}

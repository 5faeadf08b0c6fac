import { describe, expect, it } from "vitest";
import { TenantLimiter } from "./tenant-limiter.js";

describe("the per-tenant limiter", () => {
  it("lets a burst through, then refuses with the wait until the next token", () => {
    let now = 0;
    const limiter = new TenantLimiter({ ratePerSecond: 2, burst: 3 }, () => now);
    expect([1, 2, 3].map(() => limiter.take("a").allowed)).toEqual([true, true, true]);
    expect(limiter.take("a")).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now += 500;
    expect(limiter.take("a").allowed).toBe(true);
    expect(limiter.take("a").allowed).toBe(false);
  });

  it("keeps each tenant's bucket apart", () => {
    const limiter = new TenantLimiter({ ratePerSecond: 1, burst: 1 }, () => 0);
    expect(limiter.take("noisy").allowed).toBe(true);
    expect(limiter.take("noisy").allowed).toBe(false);
    expect(limiter.take("quiet").allowed).toBe(true);
  });

  it("forgets the least recently seen tenants beyond its bound", () => {
    const limiter = new TenantLimiter({ ratePerSecond: 1, burst: 1 }, () => 0, 2);
    limiter.take("a");
    limiter.take("b");
    limiter.take("c");
    // "a" was forgotten, so it starts again with a full bucket.
    expect(limiter.take("a").allowed).toBe(true);
    expect(limiter.take("c").allowed).toBe(false);
  });
});

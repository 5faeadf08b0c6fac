import type { CrmStore } from "@crm/data";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startLocalScheduler } from "./scheduler.js";

describe("the local scheduler", () => {
  afterEach(() => vi.useRealTimers());

  it("dispatches on every hour boundary, for the hour it fires at", async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-11-22T18:59:30Z"));
    const asked: Date[] = [];
    const store = {
      listTenants: vi.fn(async () => {
        asked.push(new Date());
        return [];
      }),
    } as unknown as CrmStore;
    const scheduler = startLocalScheduler(store, async () => undefined);
    await vi.advanceTimersByTimeAsync(29_000);
    expect(asked).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(asked.map((at) => at.toISOString())).toEqual(["2026-11-22T19:00:00.000Z"]);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(asked).toHaveLength(2);
    await scheduler.stop();
    await vi.advanceTimersByTimeAsync(3 * 3_600_000);
    expect(asked).toHaveLength(2);
  });

  it("dispatches the hour again while the database is unreachable, until it answers", async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-11-22T18:59:59Z"));
    let calls = 0;
    const store = {
      listTenants: vi.fn(async () => {
        calls++;
        if (calls <= 2)
          throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8000"), { code: "ECONNREFUSED" });
        return [];
      }),
    } as unknown as CrmStore;
    const scheduler = startLocalScheduler(store, async () => undefined);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toBe(3);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toBe(3);
    await scheduler.stop();
  });
});

import { describe, expect, it } from "vitest";
import { applyTransaction, noPurchases } from "./purchases.js";
import { occurredAtProblems, TransactionRequestSchema } from "./transaction.js";

describe("purchase aggregates", () => {
  it("count purchases, move first and last purchase, and net out refunds", () => {
    let purchases = noPurchases("CNY");
    purchases = applyTransaction(purchases, {
      kind: "purchase",
      amount: 10_000,
      occurredAt: "2026-03-01T10:00:00Z",
    });
    purchases = applyTransaction(purchases, {
      kind: "purchase",
      amount: 5_001,
      occurredAt: "2026-01-15T08:00:00+08:00",
    });
    purchases = applyTransaction(purchases, {
      kind: "refund",
      amount: 3_000,
      occurredAt: "2026-04-01T00:00:00Z",
    });
    expect(purchases).toEqual({
      currency: "CNY",
      count: 2,
      netAmount: 12_001,
      averageAmount: 6_001,
      firstAt: "2026-01-15T00:00:00.000Z",
      lastAt: "2026-03-01T10:00:00.000Z",
      days: 2,
      firstDay: "2026-01-15",
      lastDay: "2026-03-01",
      firstDayAmount: 5_001,
      grossAmount: 15_001,
      months: { "2026-01": 5_001, "2026-03": 10_000, "2026-04": -3_000 },
    });
  });

  it("leave first and last purchase unset for a refund alone", () => {
    expect(
      applyTransaction(noPurchases("USD"), {
        kind: "refund",
        amount: 100,
        occurredAt: "2026-01-01T00:00:00Z",
      }),
    ).toEqual({
      currency: "USD",
      count: 0,
      netAmount: -100,
      averageAmount: 0,
      months: { "2026-01": -100 },
    });
  });

  it("take money only as whole minor units", () => {
    const base = { occurredAt: "2026-01-01T00:00:00Z", currency: "CNY", kind: "purchase" };
    expect(TransactionRequestSchema.safeParse({ ...base, amount: 12.5 }).success).toBe(false);
    expect(TransactionRequestSchema.safeParse({ ...base, amount: -5 }).success).toBe(false);
    expect(TransactionRequestSchema.safeParse({ ...base, amount: 1250 }).success).toBe(true);
  });
});

describe("a transaction's time", () => {
  const now = new Date("2026-05-17T12:00:00Z");
  it("may be up to a day after now, in any offset", () => {
    expect(occurredAtProblems("2026-05-17T12:00:00Z", now)).toEqual([]);
    expect(occurredAtProblems("2026-05-18T12:00:00Z", now)).toEqual([]);
    expect(occurredAtProblems("2026-05-18T20:00:00+08:00", now)).toEqual([]);
    expect(occurredAtProblems("1999-01-01T00:00:00Z", now)).toEqual([]);
  });

  it("is refused later than that, naming the latest time allowed", () => {
    expect(occurredAtProblems("2026-05-18T12:00:01Z", now)).toEqual([
      expect.objectContaining({
        path: "occurredAt",
        code: "in-the-future",
        params: { latest: "2026-05-18T12:00:00.000Z" },
      }),
    ]);
    expect(occurredAtProblems("2999-01-01T00:00:00Z", now, "correction.occurredAt")).toEqual([
      expect.objectContaining({ path: "correction.occurredAt", code: "in-the-future" }),
    ]);
  });
});

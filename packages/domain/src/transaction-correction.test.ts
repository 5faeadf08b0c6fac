import { describe, expect, it } from "vitest";
import { checkVoidable, correctionOf, correctionRecord, reversalOf, voidOf } from "./correction-rules.js";
import { purchasesOf } from "./customer-merge.js";
import { DomainError } from "./errors.js";
import { inForce } from "./purchases.js";
import type { Transaction } from "./transaction.js";
import { CorrectionRequestSchema, VoidRequestSchema } from "./transaction-correction.js";

const entry = (
  id: string,
  amount: number,
  occurredAt: string,
  extra: Partial<Transaction> = {},
): Transaction => ({
  id,
  customerId: "c1",
  kind: "purchase",
  amount,
  currency: "CNY",
  occurredAt,
  createdAt: occurredAt,
  ...extra,
});
const by = { id: "u1", name: "Ann" };
const NOW = "2026-06-01T08:00:00.000Z";

const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof DomainError ? [error.code, error.details] : error;
  }
  return undefined;
};

describe("voiding and correcting a transaction", () => {
  const ledger = [
    entry("a", 10_000, "2026-01-05T02:00:00.000Z"),
    entry("b", 3_000, "2026-02-10T02:00:00.000Z"),
    entry("c", 500, "2026-03-01T02:00:00.000Z", { kind: "refund" }),
    entry("d", 7_000, "2026-04-20T02:00:00.000Z"),
  ];

  it("reverses an entry with its own kind, amount and time, linked to it", () => {
    const reversal = reversalOf(ledger[3] as Transaction, "r", NOW);
    expect(reversal).toEqual({
      id: "r",
      customerId: "c1",
      kind: "purchase",
      amount: 7_000,
      currency: "CNY",
      occurredAt: "2026-04-20T02:00:00.000Z",
      createdAt: NOW,
      reverses: "d",
    });
    expect(inForce(reversal)).toBe(false);
  });

  it("leaves the aggregates as if a voided purchase had never been recorded", () => {
    const original = ledger[3] as Transaction;
    const voided = { ...original, voided: voidOf(by, NOW, "typed twice", "r") };
    const after = [...ledger.slice(0, 3), voided, reversalOf(original, "r", NOW)];
    const never = purchasesOf(ledger.slice(0, 3), "CNY", "Asia/Shanghai");
    expect(purchasesOf(after, "CNY", "Asia/Shanghai")).toEqual(never);
    // The last purchase moves back to the one before, as the scoring's recency must.
    expect(never.lastAt).toBe("2026-02-10T02:00:00.000Z");
    expect(never.count).toBe(2);
    expect(never.months?.["2026-04"]).toBeUndefined();
  });

  it("voids a refund too: the net amount rises again", () => {
    const refund = ledger[2] as Transaction;
    const after = ledger
      .map((one) => (one.id === "c" ? { ...one, voided: voidOf(by, NOW, "no refund", "r") } : one))
      .concat(reversalOf(refund, "r", NOW));
    expect(purchasesOf(after, "CNY").netAmount).toBe(20_000);
  });

  it("counts a corrected entry as if it had been recorded right the first time", () => {
    const original = ledger[0] as Transaction;
    const correction = correctionOf(
      original,
      { amount: 12_000, occurredAt: "2026-01-06T10:00:00+08:00" },
      "k",
      NOW,
    );
    expect(correction).toEqual({
      id: "k",
      customerId: "c1",
      kind: "purchase",
      amount: 12_000,
      currency: "CNY",
      occurredAt: "2026-01-06T02:00:00.000Z",
      createdAt: NOW,
      corrects: "a",
    });
    const after = [
      { ...original, voided: voidOf(by, NOW, "wrong amount", "r", "k") },
      reversalOf(original, "r", NOW),
      correction,
      ...ledger.slice(1),
    ];
    const rightFirstTime = [entry("k", 12_000, "2026-01-06T02:00:00.000Z"), ...ledger.slice(1)];
    expect(purchasesOf(after, "CNY", "Asia/Shanghai")).toEqual(
      purchasesOf(rightFirstTime, "CNY", "Asia/Shanghai"),
    );
    expect(purchasesOf(after, "CNY", "Asia/Shanghai").firstDay).toBe("2026-01-06");
  });

  it("keeps what a correction does not change, and clears a channel sent as null", () => {
    const original = entry("a", 100, "2026-01-01T00:00:00.000Z", { channel: "store", category: "tea" });
    expect(correctionOf(original, { kind: "refund" }, "k", NOW)).toMatchObject({
      kind: "refund",
      amount: 100,
      channel: "store",
      category: "tea",
    });
    expect(correctionOf(original, { channel: null }, "k", NOW)).not.toHaveProperty("channel");
  });

  it("refuses a correction that changes nothing", () => {
    const original = entry("a", 100, "2026-01-01T00:00:00.000Z", { channel: "store" });
    for (const change of [
      {},
      { amount: 100 },
      { occurredAt: "2026-01-01T08:00:00+08:00", channel: "store" },
    ]) {
      const [code, details] = codeOf(() => correctionOf(original, change, "k", NOW)) as [
        string,
        { errors: unknown[] },
      ];
      expect(code).toBe("invalid-fields");
      expect(details.errors).toEqual([
        expect.objectContaining({ path: "(body)", code: "nothing-to-change" }),
      ]);
    }
  });

  it("refuses to void an entry twice, or a reversal", () => {
    const voided = entry("a", 100, NOW, { voided: voidOf(by, NOW, "x", "r", "k") });
    expect(codeOf(() => checkVoidable(voided))).toEqual([
      "transaction-voided",
      { reversalId: "r", correctionId: "k" },
    ]);
    expect(codeOf(() => checkVoidable(entry("r", 100, NOW, { reverses: "a" })))).toEqual([
      "transaction-is-reversal",
      { reverses: "a" },
    ]);
    expect(codeOf(() => checkVoidable(entry("a", 100, NOW)))).toBeUndefined();
  });

  it("records in history what was voided, why, and what replaced it", () => {
    const original = ledger[0] as Transaction;
    const reversal = reversalOf(original, "r", NOW);
    const correction = correctionOf(original, { amount: 9_000 }, "k", NOW);
    expect(correctionRecord(original, "wrong amount", reversal, correction)).toEqual({
      id: "a",
      kind: "purchase",
      amount: 10_000,
      currency: "CNY",
      occurredAt: "2026-01-05T02:00:00.000Z",
      reason: "wrong amount",
      reversalId: "r",
      correction: { id: "k", kind: "purchase", amount: 9_000, occurredAt: "2026-01-05T02:00:00.000Z" },
    });
  });

  it("takes a reason, and in a correction only what an entry may change", () => {
    expect(VoidRequestSchema.safeParse({ reason: "  typed twice " }).data).toEqual({ reason: "typed twice" });
    expect(VoidRequestSchema.safeParse({ reason: "   " }).success).toBe(false);
    expect(VoidRequestSchema.safeParse({}).success).toBe(false);
    expect(VoidRequestSchema.safeParse({ reason: "x".repeat(501) }).success).toBe(false);
    expect(CorrectionRequestSchema.safeParse({ reason: "r", amount: 12.5 }).success).toBe(false);
    expect(CorrectionRequestSchema.safeParse({ reason: "r", amount: 0 }).success).toBe(false);
    expect(CorrectionRequestSchema.safeParse({ reason: "r", currency: "USD" }).success).toBe(false);
    expect(CorrectionRequestSchema.safeParse({ reason: "r", externalRef: "PO-2" }).success).toBe(false);
    expect(
      CorrectionRequestSchema.safeParse({ reason: "r", amount: 1, occurredAt: "2026-01-01T00:00:00Z" })
        .success,
    ).toBe(true);
  });
});

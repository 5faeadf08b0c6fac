import { describe, expect, it } from "vitest";
import { applyTransaction, noPurchases } from "../purchases.js";
import type { Purchases } from "../transaction.js";
import {
  modelHistory,
  roughly,
  sameScore,
  scoreCustomer,
  scoreInputs,
  TenantDistribution,
} from "./customer-score.js";
import { DEFAULT_SCORING } from "./default-scoring.js";
import { fitModels, MODEL_MINIMUMS, type ModelHistory, Reservoir } from "./models.js";
import { ScoringSettingsSchema, uncoveredCells } from "./scoring-settings.js";

const buy = (purchases: Purchases, occurredAt: string, amount: number) =>
  applyTransaction(purchases, { kind: "purchase", amount, occurredAt }, { timeZone: "Asia/Shanghai" });

describe("score inputs from the purchase aggregates", () => {
  it("count purchase days in the tenant's time zone, and value repeat purchases without the first day", () => {
    let purchases = noPurchases("CNY");
    purchases = buy(purchases, "2026-01-01T02:00:00Z", 10_000); // Jan 1, Shanghai
    purchases = buy(purchases, "2026-01-01T15:00:00Z", 5_000); // Jan 1 23:00 Shanghai: same day
    purchases = buy(purchases, "2026-01-01T16:30:00Z", 3_000); // Jan 2 00:30 Shanghai: a new day
    purchases = buy(purchases, "2026-03-01T04:00:00Z", 7_000);
    const inputs = scoreInputs(purchases, "2026-03-31", 12, "Asia/Shanghai");
    expect(inputs).toMatchObject({
      purchaseDays: 3,
      firstDay: "2026-01-01",
      lastDay: "2026-03-01",
      netAmount: 25_000,
      repeatValue: 5_000,
      windowRevenue: 25_000,
      recencyDays: 30,
      tenureDays: 89,
    });
  });

  it("leave revenue older than the window out of ABC", () => {
    let purchases = noPurchases("CNY");
    purchases = buy(purchases, "2024-06-01T04:00:00Z", 10_000);
    purchases = buy(purchases, "2025-08-01T04:00:00Z", 2_000);
    expect(scoreInputs(purchases, "2026-03-31", 12, "Asia/Shanghai")?.windowRevenue).toBe(2_000);
  });

  it("are absent for a prospect", () => {
    expect(scoreInputs(noPurchases("CNY"), "2026-03-31", 12, "UTC")).toBeUndefined();
  });
});

describe("scoring settings", () => {
  it("cover every R-F-M cell by default, and refuse rules that leave one out", () => {
    expect(uncoveredCells(DEFAULT_SCORING.segments)).toEqual([]);
    const result = ScoringSettingsSchema.safeParse({
      ...DEFAULT_SCORING,
      segments: DEFAULT_SCORING.segments.filter((rule) => rule.key !== "champions"),
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain("541");
  });
});

describe("a customer's score", () => {
  const customers = Array.from({ length: 400 }, (_, i) => {
    let purchases = noPurchases("CNY");
    const days = 1 + (i % 6);
    for (let d = 0; d < days; d++)
      purchases = buy(
        purchases,
        new Date(Date.UTC(2025, 0, 1 + (i % 300) + d * 20, 4)).toISOString(),
        1_000 * (1 + (i % 9)),
      );
    return { id: `c${i}`, inputs: scoreInputs(purchases, "2026-03-31", 12, "Asia/Shanghai") };
  });
  const distribution = new TenantDistribution();
  const histories = customers.map(({ inputs }) => {
    if (!inputs) throw new Error("every test customer bought");
    distribution.add(inputs);
    return inputs;
  });
  const sample = new Reservoir<ModelHistory>(1000);
  for (const inputs of histories) sample.add(modelHistory(inputs));

  it("uses the models above the minimum and the fallback below it, saying so", () => {
    expect(fitModels(sample.sample).model).toBe("bgnbd");
    const few = fitModels(sample.sample.slice(0, MODEL_MINIMUMS.customers - 1));
    expect(few).toMatchObject({ model: "fallback", reason: "few-customers" });
  });

  it("is the same when nothing changed, and differs when a rule moves it", () => {
    const night = {
      runId: "r1",
      asOf: "2026-03-31",
      models: fitModels(sample.sample),
      distribution,
      settings: DEFAULT_SCORING,
    };
    const first = customers[5] as { id: string; inputs: NonNullable<(typeof customers)[number]["inputs"]> };
    const score = scoreCustomer(first.id, first.inputs, night);
    expect(score.segment).not.toBe("");
    expect(score.probabilityAlive).toBeGreaterThanOrEqual(0);
    expect(score.probabilityAlive).toBeLessThanOrEqual(1);
    expect(sameScore(score, scoreCustomer(first.id, first.inputs, { ...night, runId: "r2" }))).toBe(true);
    const stricter = { ...DEFAULT_SCORING, lifecycle: { ...DEFAULT_SCORING.lifecycle, newDays: 1000 } };
    const renamed = scoreCustomer(first.id, first.inputs, { ...night, settings: stricter });
    expect(renamed.stage === score.stage && score.stage === "new").toBe(false);
    expect(sameScore(score, renamed)).toBe(renamed.stage === score.stage);
  });

  it("rounds predictions to two significant digits", () => {
    expect(roughly(3_249)).toBe(3_200);
    expect(roughly(0.1234)).toBeCloseTo(0.12, 10);
  });
});

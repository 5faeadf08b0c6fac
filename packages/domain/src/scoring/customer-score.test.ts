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
import {
  FALLBACK_GAP_DAYS,
  fitModels,
  MODEL_MINIMUMS,
  type ModelHistory,
  predict,
  Reservoir,
} from "./models.js";
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

describe("a tenant without repeat buyers", () => {
  const options = { horizonDays: 365, periodDays: 7, monthlyDiscount: 0.01 };
  const scoreAlone = (inputs: NonNullable<ReturnType<typeof scoreInputs>>, asOf: string) => {
    const distribution = new TenantDistribution();
    distribution.add(inputs);
    const night = {
      runId: "r1",
      asOf,
      models: fitModels([modelHistory(inputs)]),
      distribution,
      settings: DEFAULT_SCORING,
    };
    return scoreCustomer("c1", inputs, night);
  };

  it("a tenant's first buyer, who bought today, is active, not churned", () => {
    const purchases = buy(noPurchases("CNY"), "2026-03-31T04:00:00Z", 10_000);
    const inputs = scoreInputs(purchases, "2026-03-31", 12, "Asia/Shanghai");
    if (!inputs) throw new Error("the buyer bought");
    const score = scoreAlone(inputs, "2026-03-31");
    expect(score).toMatchObject({ model: "fallback", probabilityAlive: 1, churnRisk: "low", stage: "new" });
    expect(score.predictedValue).toBeGreaterThan(0);
  });

  it("judges one-time buyers by a default pace: active within it, then fading to churned", () => {
    const others = Array.from({ length: 5 }, (_, i) =>
      modelHistory({
        purchaseDays: 1,
        firstDay: "2026-01-01",
        lastDay: "2026-01-01",
        netAmount: 1_000,
        grossAmount: 1_000,
        repeatValue: 0,
        windowRevenue: 1_000,
        recencyDays: 30 * i,
        tenureDays: 30 * i,
      }),
    );
    const models = fitModels(others);
    expect(models).toMatchObject({ model: "fallback", repeatBuyers: 0, repeatRate: 0 });
    const aliveAfter = (days: number) =>
      predict(models, { x: 0, tx: 0, T: days / 7, monetary: 0, averagePurchase: 1_000 }, options)
        .probabilityAlive;
    expect(aliveAfter(0)).toBe(1);
    expect(aliveAfter(FALLBACK_GAP_DAYS)).toBe(1);
    expect(aliveAfter(FALLBACK_GAP_DAYS * 2)).toBeLessThan(1);
    expect(aliveAfter(FALLBACK_GAP_DAYS * 2)).toBeGreaterThan(aliveAfter(FALLBACK_GAP_DAYS * 8));
    expect(aliveAfter(3_650)).toBeLessThan(DEFAULT_SCORING.lifecycle.churnedBelow);
  });

  it("never lets a number that is not one reach P(active), churn risk or stage", () => {
    const models = fitModels([]);
    const odd: ModelHistory[] = [
      { x: 0, tx: 0, T: 0, monetary: 0, averagePurchase: 0 },
      { x: 3, tx: 0, T: 0, monetary: 0, averagePurchase: 0 },
      { x: 0, tx: Number.NaN, T: Number.NaN, monetary: 0, averagePurchase: 0 },
      { x: 0, tx: 0, T: Number.POSITIVE_INFINITY, monetary: 0, averagePurchase: 0 },
    ];
    for (const history of odd) {
      const prediction = predict(models, history, options);
      expect(Number.isFinite(prediction.probabilityAlive)).toBe(true);
      expect(Number.isFinite(prediction.predictedValue)).toBe(true);
    }
    const today = scoreInputs(
      buy(buy(noPurchases("CNY"), "2026-03-31T01:00:00Z", 500), "2026-03-31T05:00:00Z", 700),
      "2026-03-31",
      12,
      "Asia/Shanghai",
    );
    if (!today) throw new Error("the buyer bought");
    const score = scoreAlone({ ...today, recencyDays: Number.NaN, tenureDays: Number.NaN }, "2026-03-31");
    expect(Number.isFinite(score.probabilityAlive)).toBe(true);
    expect(["low", "medium", "high"]).toContain(score.churnRisk);
    expect(score.stage).not.toBe("churned");
  });
});

import { z } from "zod";
import { localDate } from "../calendar.js";
import { ABC_CLASSES, CHURN_RISKS, LIFECYCLE_STAGES } from "../constants.js";
import { monthsBefore } from "../purchases.js";
import type { Purchases } from "../transaction.js";
import { MONTH_DAYS } from "./clv.js";
import { activeAgainstPace, type FittedModels, type ModelHistory, predict, tenantPace } from "./models.js";
import { quintile, tieBreaker, ValueHistogram } from "./rank.js";
import { type ScoringSettings, segmentOf } from "./scoring-settings.js";
import { dayNumber } from "./summary.js";

/** The product's models count time in weeks, as the literature does. */
export const SCORING_PERIOD_DAYS = 7;

/** What the scores are computed from, all read off the customer's purchase aggregates on the night's date. */
export type ScoreInputs = {
  purchaseDays: number;
  firstDay: string;
  lastDay: string;
  netAmount: number;
  grossAmount: number;
  /** The average value of the purchase days after the first (0 without one). */
  repeatValue: number;
  /** Net amount over the ABC window. */
  windowRevenue: number;
  recencyDays: number;
  tenureDays: number;
};

/** A customer's inputs on a date; undefined for a customer without a purchase (a prospect). */
export function scoreInputs(
  purchases: Purchases,
  asOf: string,
  windowMonths: number,
  timeZone: string,
): ScoreInputs | undefined {
  if (purchases.count === 0 || !purchases.firstAt || !purchases.lastAt) return undefined;
  const firstDay = purchases.firstDay ?? localDate(purchases.firstAt, timeZone);
  const lastDay = purchases.lastDay ?? localDate(purchases.lastAt, timeZone);
  const purchaseDays = purchases.days ?? purchases.count;
  const grossAmount = purchases.grossAmount ?? Math.max(purchases.netAmount, 0);
  const firstDayAmount = purchases.firstDayAmount ?? purchases.averageAmount;
  const from = monthsBefore(asOf.slice(0, 7), windowMonths - 1);
  const windowRevenue = purchases.months
    ? Object.entries(purchases.months).reduce(
        (sum, [month, net]) => (month >= from && month <= asOf.slice(0, 7) ? sum + net : sum),
        0,
      )
    : lastDay.slice(0, 7) >= from
      ? purchases.netAmount
      : 0;
  const x = purchaseDays - 1;
  return {
    purchaseDays,
    firstDay,
    lastDay,
    netAmount: purchases.netAmount,
    grossAmount,
    repeatValue: x > 0 ? Math.max(0, Math.round((grossAmount - firstDayAmount) / x)) : 0,
    windowRevenue,
    recencyDays: Math.max(0, dayNumber(asOf) - dayNumber(lastDay)),
    tenureDays: Math.max(0, dayNumber(asOf) - dayNumber(firstDay)),
  };
}

/** The inputs as the models read them: repeat purchases, t_x and T in weeks, spend per purchase. */
export function modelHistory(inputs: ScoreInputs): ModelHistory {
  const x = inputs.purchaseDays - 1;
  return {
    x,
    tx: (inputs.tenureDays - inputs.recencyDays) / SCORING_PERIOD_DAYS,
    T: inputs.tenureDays / SCORING_PERIOD_DAYS,
    monetary: inputs.repeatValue,
    averagePurchase: inputs.purchaseDays > 0 ? inputs.grossAmount / inputs.purchaseDays : 0,
  };
}

/**
 * The tenant's distributions, gathered in the first pass over the customers:
 * recency (more recent ranks higher), frequency, monetary (net amount to
 * date) and revenue over the ABC window.
 */
export class TenantDistribution {
  constructor(
    readonly recency = new ValueHistogram(),
    readonly frequency = new ValueHistogram(),
    readonly monetary = new ValueHistogram(3),
    readonly revenue = new ValueHistogram(3),
  ) {}

  add(inputs: ScoreInputs) {
    this.recency.add(-inputs.recencyDays);
    this.frequency.add(inputs.purchaseDays);
    this.monetary.add(inputs.netAmount);
    this.revenue.add(Math.max(0, inputs.windowRevenue));
  }

  rfm(inputs: ScoreInputs, customerId: string) {
    const tie = tieBreaker(customerId);
    return {
      r: quintile(this.recency.positionOf(-inputs.recencyDays, tie)),
      f: quintile(this.frequency.positionOf(inputs.purchaseDays, tie)),
      m: quintile(this.monetary.positionOf(inputs.netAmount, tie)),
    };
  }

  /** ABC class by the share of window revenue held by the customers above, and the customer's place from the top. */
  abc(inputs: ScoreInputs, customerId: string, settings: ScoringSettings["abc"]) {
    const tie = tieBreaker(customerId);
    const revenue = Math.max(0, inputs.windowRevenue);
    const above = this.revenue.shareAbove(revenue, tie);
    const abc: (typeof ABC_CLASSES)[number] =
      revenue <= 0 ? "C" : above < settings.aShare ? "A" : above < settings.bShare ? "B" : "C";
    return { abc, revenueTop: 1 - this.revenue.positionOf(revenue, tie) };
  }

  toJSON() {
    return {
      recency: this.recency.toJSON(),
      frequency: this.frequency.toJSON(),
      monetary: this.monetary.toJSON(),
      revenue: this.revenue.toJSON(),
    };
  }

  static from(json: ReturnType<TenantDistribution["toJSON"]>) {
    return new TenantDistribution(
      ValueHistogram.from(json.recency),
      ValueHistogram.from(json.frequency),
      ValueHistogram.from(json.monetary, 3),
      ValueHistogram.from(json.revenue, 3),
    );
  }
}

export const CustomerScoreSchema = z.object({
  /** The run that wrote this score; later runs that found the same score left it. */
  runId: z.string(),
  asOf: z.string(),
  model: z.enum(["bgnbd", "fallback"]),
  rfm: z.object({ r: z.number().int(), f: z.number().int(), m: z.number().int() }),
  segment: z.string(),
  abc: z.enum(ABC_CLASSES),
  /** The share of customers at or above this one by revenue over the window (0.2: top 20%). */
  revenueTop: z.number(),
  historicalValue: z.number(),
  predictedValue: z.number(),
  expectedPurchases: z.number(),
  averageValue: z.number(),
  probabilityAlive: z.number(),
  churnRisk: z.enum(CHURN_RISKS),
  stage: z.enum(LIFECYCLE_STAGES),
  inputs: z.object({
    purchaseDays: z.number(),
    firstDay: z.string(),
    lastDay: z.string(),
    netAmount: z.number(),
    windowRevenue: z.number(),
    repeatValue: z.number(),
  }),
});
export type CustomerScore = z.infer<typeof CustomerScoreSchema>;

/** Two significant digits: a prediction is not more precise, and a score that moves less is not rewritten. */
export function roughly(value: number): number {
  if (!Number.isFinite(value) || value === 0) return 0;
  const magnitude = 10 ** (Math.floor(Math.log10(Math.abs(value))) - 1);
  return Math.round(value / magnitude) * magnitude;
}
const percent = (value: number) => Math.round(value * 100) / 100;

export type ScoringNight = {
  runId: string;
  asOf: string;
  models: FittedModels;
  distribution: TenantDistribution;
  settings: ScoringSettings;
};

/**
 * How likely a customer is still buying, for the churn band and the
 * lifecycle. BG/NBD's P(alive) is 1 for a customer who bought once (the model
 * lets customers drop out only after a repeat purchase), which would call
 * every lapsed one-time buyer safe: those are judged by the tenant's pace
 * instead, as the fallback does.
 */
function activity(night: ScoringNight, history: ModelHistory, probabilityAlive: number) {
  const byPace = () =>
    activeAgainstPace(history.T - history.tx, 1 / tenantPace(night.models, SCORING_PERIOD_DAYS));
  if (history.x > 0) return Number.isFinite(probabilityAlive) ? probabilityAlive : byPace();
  return byPace();
}

export function scoreCustomer(customerId: string, inputs: ScoreInputs, night: ScoringNight): CustomerScore {
  const { settings } = night;
  const history = modelHistory(inputs);
  const prediction = predict(night.models, history, {
    horizonDays: settings.clv.horizonMonths * MONTH_DAYS,
    periodDays: SCORING_PERIOD_DAYS,
    monthlyDiscount: settings.clv.monthlyDiscount,
  });
  const rfm = night.distribution.rfm(inputs, customerId);
  const { abc, revenueTop } = night.distribution.abc(inputs, customerId, settings.abc);
  const active = activity(night, history, prediction.probabilityAlive);
  const churnRisk =
    active < settings.churn.highBelow ? "high" : active < settings.churn.mediumBelow ? "medium" : "low";
  const life = settings.lifecycle;
  const stage =
    active < life.churnedBelow
      ? "churned"
      : churnRisk === "high"
        ? "at-risk"
        : inputs.tenureDays < life.newDays
          ? "new"
          : inputs.tenureDays >= life.matureDays && inputs.purchaseDays >= life.matureDaysWithPurchase
            ? "mature"
            : "growing";
  return {
    runId: night.runId,
    asOf: night.asOf,
    model: night.models.model,
    rfm,
    segment: segmentOf(settings.segments, rfm)?.key ?? settings.segments.at(-1)?.key ?? "",
    abc,
    revenueTop: percent(Math.max(revenueTop, 0.01)),
    historicalValue: inputs.netAmount,
    predictedValue: roughly(prediction.predictedValue),
    expectedPurchases: roughly(prediction.expectedPurchases),
    averageValue: roughly(prediction.averageValue),
    probabilityAlive: percent(
      Number.isFinite(prediction.probabilityAlive) ? prediction.probabilityAlive : active,
    ),
    churnRisk,
    stage,
    inputs: {
      purchaseDays: inputs.purchaseDays,
      firstDay: inputs.firstDay,
      lastDay: inputs.lastDay,
      netAmount: inputs.netAmount,
      windowRevenue: inputs.windowRevenue,
      repeatValue: inputs.repeatValue,
    },
  };
}

/** Whether a new score says anything the stored one does not (the run and date aside). */
export function sameScore(stored: CustomerScore | undefined, next: CustomerScore): boolean {
  if (!stored) return false;
  const { runId: _r1, asOf: _a1, ...before } = stored;
  const { runId: _r2, asOf: _a2, ...after } = next;
  return JSON.stringify(canonical(before)) === JSON.stringify(canonical(after));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value)
        .sort(([p], [q]) => p.localeCompare(q))
        .map(([key, inner]) => [key, canonical(inner)]),
    );
  return value;
}

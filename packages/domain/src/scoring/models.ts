import {
  type BgNbdFit,
  expectedPurchases,
  fitBgNbd,
  groupHistories,
  probabilityAlive,
  type RepeatHistory,
} from "./bgnbd.js";
import { MONTH_DAYS, predictedValue } from "./clv.js";
import {
  expectedAverageValue,
  fitGammaGamma,
  type GammaGammaFit,
  type SpendHistory,
  spendData,
} from "./gamma-gamma.js";

/**
 * Where a fit stops being worth more than a rule of thumb. BG/NBD's drop-out
 * parameters (a, b) are learnt only from customers who came back: below 20
 * repeat buyers, or 100 customers in all, maximum likelihood gives
 * parameters that swing from night to night (on CDNOW samples of 100
 * customers, b varies several-fold). Gamma-Gamma needs 20 repeat buyers too,
 * and q > 1, or its expected spend is infinite.
 */
export const MODEL_MINIMUMS = { customers: 100, repeatBuyers: 20 } as const;

export type ModelHistory = RepeatHistory & SpendHistory & { averagePurchase: number };

export type FittedModels = {
  model: "bgnbd" | "fallback";
  /** Why the fallback was used, when it was. */
  reason?: "few-customers" | "few-repeat-buyers" | "no-fit";
  bgnbd?: BgNbdFit;
  gammaGamma?: GammaGammaFit;
  /** Tenant-wide figures the fallback leans on: repeat purchases per period, and the average purchase. */
  repeatRate: number;
  averagePurchase: number;
  customers: number;
  repeatBuyers: number;
};

const sensible = (...values: number[]) =>
  values.every((value) => Number.isFinite(value) && value > 1e-6 && value < 1e6);

/** Fits both models on the histories, or says why it will not. */
export function fitModels(histories: readonly ModelHistory[]): FittedModels {
  const customers = histories.length;
  const repeatBuyers = histories.filter((history) => history.x > 0).length;
  const totalT = histories.reduce((sum, history) => sum + history.T, 0);
  const totalX = histories.reduce((sum, history) => sum + history.x, 0);
  const buyers = histories.filter((history) => history.averagePurchase > 0);
  const base = {
    repeatRate: totalT > 0 ? totalX / totalT : 0,
    averagePurchase:
      buyers.length > 0 ? buyers.reduce((sum, h) => sum + h.averagePurchase, 0) / buyers.length : 0,
    customers,
    repeatBuyers,
  };
  if (customers < MODEL_MINIMUMS.customers) return { ...base, model: "fallback", reason: "few-customers" };
  if (repeatBuyers < MODEL_MINIMUMS.repeatBuyers)
    return { ...base, model: "fallback", reason: "few-repeat-buyers" };
  const bgnbd = fitBgNbd(groupHistories(histories));
  if (!sensible(bgnbd.r, bgnbd.alpha, bgnbd.a, bgnbd.b))
    return { ...base, model: "fallback", reason: "no-fit" };
  const gammaGamma = fitGammaGamma(spendData(histories));
  const spendUsable =
    gammaGamma.customers >= MODEL_MINIMUMS.repeatBuyers &&
    gammaGamma.q > 1 &&
    sensible(gammaGamma.p, gammaGamma.q) &&
    gammaGamma.v > 0 &&
    Number.isFinite(gammaGamma.v);
  return { ...base, model: "bgnbd", bgnbd, ...(spendUsable && { gammaGamma }) };
}

/** The fitted parameters with each model's log-likelihood (ll), as runs and `pnpm analyze` report them. */
export function parametersOf(models: FittedModels) {
  const { bgnbd, gammaGamma } = models;
  return {
    ...(bgnbd && {
      bgnbd: { r: bgnbd.r, alpha: bgnbd.alpha, a: bgnbd.a, b: bgnbd.b, ll: bgnbd.logLikelihood },
    }),
    ...(gammaGamma && {
      gammaGamma: { p: gammaGamma.p, q: gammaGamma.q, v: gammaGamma.v, ll: gammaGamma.logLikelihood },
    }),
  };
}

/**
 * The pace the fallback assumes while a tenant has no repeat purchase to learn
 * one from (a new company, or one whose customers all bought once): one
 * purchase a quarter. Without it the pace is 0, its gap infinite, and every
 * customer, even one who bought today, would be called churned.
 */
export const FALLBACK_GAP_DAYS = 90;

/**
 * P(active) by the fallback's rule: 1 while the silence is within the gap
 * between purchases, then exp(−(silence − gap) / 2·gap). A silence that is
 * not a number counts as none (the figures are the customer's; a broken one
 * must not call them churned), an infinite one as gone.
 */
export function activeAgainstPace(silence: number, gap: number): number {
  if (!(gap > 0) || !Number.isFinite(gap)) return silence > 0 ? 0 : 1;
  const late = silence > gap ? silence - gap : 0;
  return Math.min(1, Math.exp(-late / (2 * gap)));
}

/** Repeat purchases per period the fallback assumes for a customer with none of their own. */
export function tenantPace(models: FittedModels, periodDays: number): number {
  return models.repeatRate > 0 && Number.isFinite(models.repeatRate)
    ? models.repeatRate
    : periodDays / FALLBACK_GAP_DAYS;
}

export type Prediction = {
  probabilityAlive: number;
  expectedPurchases: number;
  averageValue: number;
  predictedValue: number;
};

/**
 * A customer's future by the fitted models; where there are none, by a rule
 * of thumb (model "fallback"): the customer keeps buying at their own pace
 * (repeat purchases per period so far, or the tenant's for a one-time buyer,
 * or FALLBACK_GAP_DAYS's while the tenant has none),
 * discounted by how long they have been silent against that pace, at their
 * own average purchase (or the tenant's).
 */
export function predict(
  models: FittedModels,
  history: ModelHistory,
  options: { horizonDays: number; periodDays: number; monthlyDiscount: number },
): Prediction {
  const horizon = options.horizonDays / options.periodDays;
  const averageValue = models.gammaGamma
    ? expectedAverageValue(models.gammaGamma, history)
    : history.averagePurchase > 0
      ? history.averagePurchase
      : models.averagePurchase;
  if (models.model === "bgnbd" && models.bgnbd) {
    const clv = predictedValue(models.bgnbd, history, { ...options, purchaseValue: averageValue });
    return {
      probabilityAlive: probabilityAlive(models.bgnbd, history),
      expectedPurchases: expectedPurchases(models.bgnbd, history, horizon),
      averageValue,
      predictedValue: clv.value,
    };
  }
  const own = history.x > 0 && history.T > 0 ? history.x / history.T : 0;
  const rate = own > 0 && Number.isFinite(own) ? own : tenantPace(models, options.periodDays);
  const alive = activeAgainstPace(history.T - history.tx, 1 / rate);
  const months = Math.ceil(options.horizonDays / MONTH_DAYS - 1e-9);
  const perMonth = (alive * rate * MONTH_DAYS) / options.periodDays;
  let value = 0;
  let purchases = 0;
  for (let i = 1; i <= months; i++) {
    const length = Math.min(MONTH_DAYS, options.horizonDays - (i - 1) * MONTH_DAYS) / MONTH_DAYS;
    purchases += perMonth * length;
    value += (perMonth * length * averageValue) / (1 + options.monthlyDiscount) ** i;
  }
  return { probabilityAlive: alive, expectedPurchases: purchases, averageValue, predictedValue: value };
}

/**
 * A fixed-size uniform sample of a stream (Algorithm R) with a seeded
 * generator: the models are fitted on at most `size` customers, so the fit's
 * memory does not grow with the tenant (maximum likelihood on 50,000
 * customers is already far tighter than the night-to-night change).
 */
export class Reservoir<T> {
  readonly sample: T[] = [];
  private seen = 0;
  private state: number;

  constructor(
    private readonly size: number,
    seed = 20_260_101,
  ) {
    this.state = seed >>> 0 || 1;
  }

  private random() {
    // xorshift32: small, fast and the same everywhere.
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 4294967296;
  }

  add(value: T) {
    this.seen++;
    if (this.sample.length < this.size) this.sample.push(value);
    else {
      const slot = Math.floor(this.random() * this.seen);
      if (slot < this.size) this.sample[slot] = value;
    }
  }

  get count() {
    return this.seen;
  }
}

import { MONTH_DAYS } from "./clv.js";
import { type FittedModels, fitModels, parametersOf, predict } from "./models.js";
import { type CustomerSummary, type PurchaseRecord, summarizePurchases } from "./summary.js";

export type AnalyzeOptions = {
  /** The end of the observed period (YYYY-MM-DD); by default the last purchase in the file. */
  asOf?: string;
  period: "day" | "week";
  /** How far ahead expected purchases and CLV look, in periods. */
  horizon: number;
  /** Discount per month applied to CLV. */
  monthlyDiscount: number;
};

export type CustomerAnalysis = {
  customer_id: string;
  x: number;
  t_x: number;
  T: number;
  average_value: number;
  p_alive: number;
  expected_purchases: number;
  clv: number;
};

export type Analysis = {
  as_of: string;
  period: AnalyzeOptions["period"];
  horizon: number;
  monthly_discount: number;
  model: FittedModels["model"];
  reason?: FittedModels["reason"];
  customers_total: number;
  repeat_buyers: number;
  bgnbd?: { r: number; alpha: number; a: number; b: number; ll: number };
  gammagamma?: { p: number; q: number; v: number; ll: number; customers: number };
  customers: CustomerAnalysis[];
};

const PERIOD_DAYS = { day: 1, week: 7 } as const;

/**
 * What `pnpm analyze` does with an analyst's file, without the rest of the
 * product: the literature's summary, both models fitted by maximum
 * likelihood (or the documented fallback), and each customer's predictions.
 */
export function analyzePurchases(records: Iterable<PurchaseRecord>, options: AnalyzeOptions): Analysis {
  const periodDays = PERIOD_DAYS[options.period];
  const summaries: CustomerSummary[] = summarizePurchases(records, {
    ...(options.asOf && { asOf: options.asOf }),
    periodDays,
  });
  const asOf =
    options.asOf ??
    summaries
      .map((summary) => summary.lastDate)
      .sort()
      .at(-1) ??
    "";
  const histories = summaries.map((summary) => ({
    ...summary,
    averagePurchase: summary.total / (summary.x + 1),
  }));
  const models = fitModels(histories);
  const horizonDays = options.horizon * periodDays;
  const customers = histories.map((history): CustomerAnalysis => {
    const prediction = predict(models, history, {
      horizonDays,
      periodDays,
      monthlyDiscount: options.monthlyDiscount,
    });
    return {
      customer_id: history.customerId,
      x: history.x,
      t_x: history.tx,
      T: history.T,
      average_value: prediction.averageValue,
      p_alive: prediction.probabilityAlive,
      expected_purchases: prediction.expectedPurchases,
      clv: prediction.predictedValue,
    };
  });
  const parameters = parametersOf(models);
  return {
    as_of: asOf,
    period: options.period,
    horizon: options.horizon,
    monthly_discount: options.monthlyDiscount,
    model: models.model,
    ...(models.reason && { reason: models.reason }),
    customers_total: models.customers,
    repeat_buyers: models.repeatBuyers,
    ...(parameters.bgnbd && { bgnbd: parameters.bgnbd }),
    ...(parameters.gammaGamma &&
      models.gammaGamma && {
        gammagamma: { ...parameters.gammaGamma, customers: models.gammaGamma.customers },
      }),
    customers,
  };
}

/** The default horizon: a year, in the period's units. */
export const defaultHorizon = (period: AnalyzeOptions["period"]) =>
  Math.round((12 * MONTH_DAYS) / PERIOD_DAYS[period]);

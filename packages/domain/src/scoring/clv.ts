import { type BgNbdParameters, expectedPurchases, type RepeatHistory } from "./bgnbd.js";

/** An average month in days. */
export const MONTH_DAYS = 365.25 / 12;

/**
 * Predicted customer lifetime value over a horizon: for each month ahead the
 * purchases expected in it (BG/NBD) times the expected value of a purchase
 * (Gamma-Gamma), discounted at a monthly rate; the last month may be partial.
 * Time is in the history's periods of periodDays.
 */
export function predictedValue(
  parameters: BgNbdParameters,
  history: RepeatHistory,
  options: { horizonDays: number; periodDays: number; monthlyDiscount: number; purchaseValue: number },
): { value: number; purchases: number } {
  const months = Math.ceil(options.horizonDays / MONTH_DAYS - 1e-9);
  let value = 0;
  let before = 0;
  for (let i = 1; i <= months; i++) {
    const untilDays = Math.min(options.horizonDays, i * MONTH_DAYS);
    const expected = expectedPurchases(parameters, history, untilDays / options.periodDays);
    value += ((expected - before) * options.purchaseValue) / (1 + options.monthlyDiscount) ** i;
    before = expected;
  }
  return { value, purchases: before };
}

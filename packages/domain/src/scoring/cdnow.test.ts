import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  type BgNbdParameters,
  expectedPurchases,
  expectedPurchasesOfNewCustomer,
  fitBgNbd,
  groupHistories,
  probabilityOfPurchases,
} from "./bgnbd.js";
import { expectedAverageValue, fitGammaGamma, spendData } from "./gamma-gamma.js";
import { summarizePurchases } from "./summary.js";

/** The CDNOW sample and the published values: see fixtures/CDNOW.md and fixtures/SOURCE.md. */
const csv = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.split(","));

const transactions = csv("transactions.csv").map(([customerId, date, amount]) => ({
  customerId: customerId as string,
  date: date as string,
  amount: Number(amount),
}));
const published = csv("summary.csv").map(([id, x, tx, T, zbar]) => ({
  id,
  x: Number(x),
  tx: Number(tx),
  T: Number(T),
  zbar: Number(zbar),
}));
const summary = summarizePurchases(transactions, { asOf: "1997-09-30", periodDays: 7 });
const paper: BgNbdParameters = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const within = (actual: number, expected: number, share = 0.01) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.abs(expected) * share);

describe("the CDNOW sample, from its transactions", () => {
  it("summarises the transactions as the literature does", () => {
    // summary.csv numbers its customers in another order than transactions.csv's ids, so the
    // two are compared as sorted lists, each value within the file's rounding to 0.01.
    expect(summary).toHaveLength(published.length);
    const order = (p: number[], q: number[]) =>
      p.reduce((found, value, i) => found || value - (q[i] ?? 0), 0);
    const mine = summary.map((c) => [c.x, c.tx, c.T, c.monetary]).sort(order);
    const theirs = published.map((c) => [c.x, c.tx, c.T, c.zbar]).sort(order);
    mine.forEach((values, i) => {
      values.forEach((value, j) => {
        expect(Math.abs(value - (theirs[i]?.[j] ?? Number.NaN))).toBeLessThanOrEqual(0.0051);
      });
    });
  });

  it("fits the published BG/NBD parameters and log-likelihood", () => {
    const fit = fitBgNbd(groupHistories(summary));
    within(fit.r, 0.243);
    within(fit.alpha, 4.414);
    within(fit.a, 0.793);
    within(fit.b, 2.426);
    within(fit.logLikelihood, -9582.4);
  });

  it("predicts the published expected purchases", () => {
    const fit = fitBgNbd(groupHistories(summary));
    within(expectedPurchases(fit, { x: 2, tx: 30.43, T: 38.86 }, 39), 1.226);
    for (const [t, expected] of [
      [0.1429, 0.0078],
      [1, 0.0532],
      [3, 0.1506],
      [31.8571, 1.0405],
      [32, 1.0437],
      [78, 1.8576],
    ] as const) {
      within(expectedPurchasesOfNewCustomer(fit, t), expected);
    }
  });

  it("gives the published purchase-count probabilities", () => {
    within(probabilityOfPurchases(paper, 0, 39), 0.5737864, 1e-5);
    within(probabilityOfPurchases(paper, 10, 2), 1.07869e-7, 1e-4);
  });

  it("fits the published Gamma-Gamma parameters on the customers with repeat purchases", () => {
    const data = spendData(summary);
    expect(data.x.length).toBe(946);
    const fit = fitGammaGamma(data);
    within(fit.p, 6.25);
    within(fit.q, 3.74);
    within(fit.v, 15.44);
  });

  it("gives the published expected average values of the first ten customers", () => {
    const parameters = { p: 6.25, q: 3.74, v: 15.44 };
    const expected = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17];
    // Each of the file's first ten rows is found among the customers summarised from the transactions.
    published.slice(0, 10).forEach((row, i) => {
      const customer = summary.find(
        (c) =>
          c.x === row.x &&
          Math.abs(c.tx - row.tx) < 0.0051 &&
          Math.abs(c.T - row.T) < 0.0051 &&
          Math.abs(c.monetary - row.zbar) < 0.0051,
      );
      expect(customer).toBeDefined();
      if (!customer) return;
      expect(Math.abs(expectedAverageValue(parameters, customer) - (expected[i] ?? 0))).toBeLessThanOrEqual(
        0.1,
      );
    });
  });
});

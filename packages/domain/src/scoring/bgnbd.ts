import { boundedParameter, boundedSlope, type Minimum, minimizeFromStarts } from "./optimize.js";
import { digamma, hyp2f1, logAddExp, logBeta, logGamma } from "./special.js";

/**
 * The BG/NBD model (Fader, Hardie & Lee 2005, "Counting Your Customers the
 * Easy Way"): while active, a customer buys at a Poisson rate λ ~ Gamma(r, α);
 * after each purchase they drop out with probability p ~ Beta(a, b).
 */
export type BgNbdParameters = { r: number; alpha: number; a: number; b: number };

/** A customer's repeat-purchase history: x repeat purchases, the last at t_x, observed for T (same time unit). */
export type RepeatHistory = { x: number; tx: number; T: number };

/**
 * Histories grouped by (x, t_x, T): a tenant's one-time buyers share few
 * values of T, so the likelihood is evaluated once per group, and the terms
 * that depend only on x once per distinct x.
 */
export type GroupedHistories = {
  xs: number[];
  /** Per group: index into xs, t_x, T, how many customers. */
  xIndex: Int32Array;
  tx: Float64Array;
  T: Float64Array;
  weight: Float64Array;
  customers: number;
};

export function groupHistories(histories: Iterable<RepeatHistory>): GroupedHistories {
  const groups = new Map<string, { x: number; tx: number; T: number; weight: number }>();
  let customers = 0;
  for (const { x, tx, T } of histories) {
    customers++;
    const key = `${x}|${tx}|${T}`;
    const group = groups.get(key);
    if (group) group.weight++;
    else groups.set(key, { x, tx, T, weight: 1 });
  }
  const xs = [...new Set([...groups.values()].map((group) => group.x))].sort((p, q) => p - q);
  const indexOf = new Map(xs.map((x, i) => [x, i]));
  const size = groups.size;
  const grouped: GroupedHistories = {
    xs,
    xIndex: new Int32Array(size),
    tx: new Float64Array(size),
    T: new Float64Array(size),
    weight: new Float64Array(size),
    customers,
  };
  let i = 0;
  for (const group of groups.values()) {
    grouped.xIndex[i] = indexOf.get(group.x) ?? 0;
    grouped.tx[i] = group.tx;
    grouped.T[i] = group.T;
    grouped.weight[i] = group.weight;
    i++;
  }
  return grouped;
}

/** The log-likelihood of the histories and its gradient in (r, α, a, b). */
export function bgNbdLogLikelihood(
  { r, alpha, a, b }: BgNbdParameters,
  data: GroupedHistories,
): { value: number; gradient: [number, number, number, number] } {
  const perX = data.xs.map((x) => ({
    logGammaRatio: logGamma(r + x) - logGamma(r),
    digammaRatio: digamma(r + x) - digamma(r),
    betaTerm: logGamma(a + b) + logGamma(b + x) - logGamma(b) - logGamma(a + b + x),
    dBetaA: digamma(a + b) - digamma(a + b + x),
    dBetaB: digamma(a + b) + digamma(b + x) - digamma(b) - digamma(a + b + x),
    dropTerm: x > 0 ? Math.log(a) - Math.log(b + x - 1) : Number.NEGATIVE_INFINITY,
  }));
  const logAlpha = Math.log(alpha);
  let value = 0;
  let gr = 0;
  let gAlpha = 0;
  let ga = 0;
  let gb = 0;
  for (let i = 0; i < data.weight.length; i++) {
    const k = data.xIndex[i] as number;
    const x = data.xs[k] as number;
    const terms = perX[k] as (typeof perX)[number];
    const w = data.weight[i] as number;
    const logAT = Math.log(alpha + (data.T[i] as number));
    const logATx = Math.log(alpha + (data.tx[i] as number));
    const stillActive = -(r + x) * logAT;
    const droppedOut = terms.dropTerm - (r + x) * logATx;
    const mix = logAddExp(stillActive, droppedOut);
    const w3 = Math.exp(stillActive - mix);
    const w4 = x > 0 ? Math.exp(droppedOut - mix) : 0;
    value += w * (terms.logGammaRatio + r * logAlpha + terms.betaTerm + mix);
    gr += w * (terms.digammaRatio + logAlpha - w3 * logAT - w4 * logATx);
    gAlpha +=
      w *
      (r / alpha - (r + x) * (w3 / (alpha + (data.T[i] as number)) + w4 / (alpha + (data.tx[i] as number))));
    ga += w * (terms.dBetaA + w4 / a);
    gb += w * (terms.dBetaB - (x > 0 ? w4 / (b + x - 1) : 0));
  }
  return { value, gradient: [gr, gAlpha, ga, gb] };
}

export type BgNbdFit = BgNbdParameters & { logLikelihood: number; iterations: number; converged: boolean };

const toParameters = ([r, alpha, a, b]: readonly number[]): BgNbdParameters => ({
  r: boundedParameter(r ?? 0),
  alpha: boundedParameter(alpha ?? 0),
  a: boundedParameter(a ?? 0),
  b: boundedParameter(b ?? 0),
});

/**
 * Maximum likelihood over the logarithms of the parameters (they stay
 * positive, and within the bounds of boundedParameter), from a few starts,
 * keeping the best: the mean log-likelihood is minimised so that tolerances
 * do not depend on the number of customers.
 */
export function fitBgNbd(data: GroupedHistories): BgNbdFit {
  const n = Math.max(1, data.customers);
  const meanT = data.T.reduce((sum, T, i) => sum + T * (data.weight[i] as number), 0) / n;
  const logScale = Math.log(Math.max(meanT, 1e-3));
  const objective = (theta: readonly number[]) => {
    const parameters = toParameters(theta);
    const { value, gradient } = bgNbdLogLikelihood(parameters, data);
    return { value: -value / n, gradient: gradient.map((g, i) => (-g * boundedSlope(theta[i] ?? 0)) / n) };
  };
  const best: Minimum = minimizeFromStarts(objective, [
    [0, 0, 0, 0],
    [0, logScale, 0, 0],
    [Math.log(0.5), logScale - 1, Math.log(0.5), Math.log(2)],
  ]);
  return {
    ...toParameters(best.point),
    logLikelihood: -best.value * n,
    iterations: best.iterations,
    converged: best.converged,
  };
}

/** P(still active) given the history (1 for a customer with no repeat purchase, as the model has it). */
export function probabilityAlive({ r, alpha, a, b }: BgNbdParameters, { x, tx, T }: RepeatHistory): number {
  if (x === 0) return 1;
  const logOdds = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return 1 / (1 + Math.exp(logOdds));
}

/** Expected repeat purchases in (T, T + t] given the history (eq. 10 of the paper). */
export function expectedPurchases(
  { r, alpha, a, b }: BgNbdParameters,
  { x, tx, T }: RepeatHistory,
  t: number,
): number {
  if (t <= 0) return 0;
  const z = t / (alpha + T + t);
  const logLeft = (r + x) * (Math.log(alpha + T) - Math.log(alpha + T + t));
  const numerator =
    ((a + b + x - 1) / (a - 1)) * (1 - Math.exp(logLeft) * hyp2f1(r + x, b + x, a + b + x - 1, z));
  const logOdds =
    x > 0
      ? Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx))
      : -Infinity;
  return numerator / (1 + Math.exp(logOdds));
}

/** Expected repeat purchases of a new customer by time t (eq. 9). */
export function expectedPurchasesOfNewCustomer({ r, alpha, a, b }: BgNbdParameters, t: number): number {
  const z = t / (alpha + t);
  return ((a + b - 1) / (a - 1)) * (1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b, a + b - 1, z));
}

/** P(X(t) = n): the chance of exactly n repeat purchases in (0, t] for a new customer (eq. 8). */
export function probabilityOfPurchases({ r, alpha, a, b }: BgNbdParameters, n: number, t: number): number {
  const logBase = logBeta(a, b);
  const logPoisson = (j: number) =>
    logGamma(r + j) -
    logGamma(r) -
    logGamma(j + 1) +
    r * Math.log(alpha / (alpha + t)) +
    j * Math.log(t / (alpha + t));
  const stillBuying = Math.exp(logBeta(a, b + n) - logBase + logPoisson(n));
  if (n === 0) return stillBuying;
  let fewer = 0;
  for (let j = 0; j < n; j++) fewer += Math.exp(logPoisson(j));
  return stillBuying + Math.exp(logBeta(a + 1, b + n - 1) - logBase) * (1 - fewer);
}

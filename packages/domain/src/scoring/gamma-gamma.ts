import { boundedParameter, boundedSlope, minimizeFromStarts } from "./optimize.js";
import { digamma, logGamma } from "./special.js";

/**
 * The Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"): a
 * purchase's value is Gamma(p, ν), with each customer's ν ~ Gamma(q, γ); the
 * literature writes γ as v. Fitted on customers with repeat purchases, from
 * their count x and the average value m of those purchases.
 */
export type GammaGammaParameters = { p: number; q: number; v: number };
export type SpendHistory = { x: number; monetary: number };

export type SpendData = { x: Float64Array; logX: Float64Array; m: Float64Array; logM: Float64Array };

/** Customers who can inform the spend model: a repeat purchase of positive value. */
export function spendData(histories: Iterable<SpendHistory>): SpendData {
  const kept = [...histories].filter((history) => history.x > 0 && history.monetary > 0);
  return {
    x: Float64Array.from(kept, (history) => history.x),
    logX: Float64Array.from(kept, (history) => Math.log(history.x)),
    m: Float64Array.from(kept, (history) => history.monetary),
    logM: Float64Array.from(kept, (history) => Math.log(history.monetary)),
  };
}

export function gammaGammaLogLikelihood(
  { p, q, v }: GammaGammaParameters,
  data: SpendData,
): { value: number; gradient: [number, number, number] } {
  const cache = new Map<number, { lg: number; dpx: number; dpxq: number }>();
  const logGammaQ = logGamma(q);
  const digammaQ = digamma(q);
  const logV = Math.log(v);
  let value = 0;
  let gp = 0;
  let gq = 0;
  let gv = 0;
  for (let i = 0; i < data.x.length; i++) {
    const x = data.x[i] as number;
    let perX = cache.get(x);
    if (!perX) {
      perX = {
        lg: logGamma(p * x + q) - logGamma(p * x),
        dpx: digamma(p * x),
        dpxq: digamma(p * x + q),
      };
      cache.set(x, perX);
    }
    const m = data.m[i] as number;
    const logM = data.logM[i] as number;
    const logX = data.logX[i] as number;
    const logTotal = Math.log(x * m + v);
    value += perX.lg - logGammaQ + q * logV + (p * x - 1) * logM + p * x * logX - (p * x + q) * logTotal;
    gp += x * (perX.dpxq - perX.dpx + logM + logX - logTotal);
    gq += perX.dpxq - digammaQ + logV - logTotal;
    gv += q / v - (p * x + q) / (x * m + v);
  }
  return { value, gradient: [gp, gq, gv] };
}

export type GammaGammaFit = GammaGammaParameters & {
  logLikelihood: number;
  iterations: number;
  converged: boolean;
  customers: number;
};

const toParameters = ([p, q, v]: readonly number[]): GammaGammaParameters => ({
  p: boundedParameter(p ?? 0),
  q: boundedParameter(q ?? 0),
  v: boundedParameter(v ?? 0),
});

/**
 * Maximum likelihood over log-parameters with analytic gradients, from
 * several starts (the likelihood has long flat ridges; a single simplex
 * search from (1, 1, 1) can wander along them), keeping the best.
 */
export function fitGammaGamma(data: SpendData): GammaGammaFit {
  const n = Math.max(1, data.x.length);
  // Fitted on values in units of their mean (v scales with the money, p and q do not), so that the
  // same bounds and starts suit cents and yuan alike; v is scaled back after.
  const money = data.m.reduce((sum, m) => sum + m, 0) / n || 1;
  const scaled: SpendData = {
    ...data,
    m: data.m.map((m) => m / money),
    logM: data.logM.map((logM) => logM - Math.log(money)),
  };
  const objective = (theta: readonly number[]) => {
    const parameters = toParameters(theta);
    const { value, gradient } = gammaGammaLogLikelihood(parameters, scaled);
    return { value: -value / n, gradient: gradient.map((g, i) => (-g * boundedSlope(theta[i] ?? 0)) / n) };
  };
  const best = minimizeFromStarts(objective, [
    [0, 0, 0],
    [0, Math.log(2), 0],
    [Math.log(5), Math.log(3), Math.log(2)],
    [Math.log(0.5), Math.log(5), 1],
  ]);
  const fitted = toParameters(best.point);
  return {
    ...fitted,
    v: fitted.v * money,
    // The log-likelihood of the values as given, not of the scaled ones.
    logLikelihood: gammaGammaLogLikelihood({ ...fitted, v: fitted.v * money }, data).value,
    iterations: best.iterations,
    converged: best.converged,
    customers: data.x.length,
  };
}

/** E[average purchase value | x, m]: a weighted mean of the population mean and the customer's own (eq. 5). */
export function expectedAverageValue(
  { p, q, v }: GammaGammaParameters,
  { x, monetary }: SpendHistory,
): number {
  return (p * (v + x * monetary)) / (p * x + q - 1);
}

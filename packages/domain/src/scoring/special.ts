import digammaFn from "@stdlib/math-base-special-digamma";
import gammalnFn from "@stdlib/math-base-special-gammaln";
import hyp2f1Fn from "@stdlib/math-base-special-hyp2f1";

/**
 * Special functions from stdlib (ports of Cephes and Boost, kept and tested
 * upstream): the models need log-gamma, digamma (for gradients) and the Gauss
 * hypergeometric function 2F1 (for BG/NBD expectations).
 */
export const logGamma: (x: number) => number = gammalnFn;
export const digamma: (x: number) => number = digammaFn;
export const hyp2f1: (a: number, b: number, c: number, z: number) => number = hyp2f1Fn;

/** log(e^a + e^b) without overflow. */
export function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  const high = Math.max(a, b);
  return high + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/** log B(a, b), the beta function. */
export const logBeta = (a: number, b: number) => logGamma(a) + logGamma(b) - logGamma(a + b);

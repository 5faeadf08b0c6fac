/** A function to minimise, giving its value and gradient at a point. */
export type Objective = (point: readonly number[]) => { value: number; gradient: number[] };

export type Minimum = { point: number[]; value: number; iterations: number; converged: boolean };

const dot = (a: readonly number[], b: readonly number[]) =>
  a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0);
const norm = (a: readonly number[]) => Math.sqrt(dot(a, a));

/**
 * BFGS with a backtracking (Armijo) line search. No kept JavaScript library
 * offers a quasi-Newton minimiser, and the models here have smooth
 * likelihoods with analytic gradients: BFGS is what statistical packages use
 * for them (R's optim, SciPy's minimize). A point where the objective is not
 * finite is treated as a step too far.
 */
export function minimize(
  objective: Objective,
  start: readonly number[],
  options: { maxIterations?: number; gradientTolerance?: number } = {},
): Minimum {
  const maxIterations = options.maxIterations ?? 500;
  const tolerance = options.gradientTolerance ?? 1e-7;
  const n = start.length;
  let x = [...start];
  let { value, gradient } = objective(x);
  if (!Number.isFinite(value)) return { point: x, value, iterations: 0, converged: false };
  // The inverse Hessian estimate, starting as the identity.
  const identity = () =>
    Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j): number => (i === j ? 1 : 0)));
  let h = identity();
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    if (norm(gradient) < tolerance * Math.max(1, Math.abs(value))) {
      return { point: x, value, iterations: iteration - 1, converged: true };
    }
    let direction = h.map((row) => -dot(row, gradient));
    let slope = dot(direction, gradient);
    if (slope >= 0) {
      // Not a descent direction: start again from steepest descent.
      h = identity();
      direction = gradient.map((g) => -g);
      slope = dot(direction, gradient);
    }
    // Never jump more than 10 in any log-parameter at once.
    let step = Math.min(1, 10 / Math.max(...direction.map(Math.abs)));
    let next: { value: number; gradient: number[] } | undefined;
    let candidate = x;
    for (let tries = 0; tries < 60; tries++) {
      candidate = x.map((xi, i) => xi + step * (direction[i] ?? 0));
      const trial = objective(candidate);
      if (Number.isFinite(trial.value) && trial.value <= value + 1e-4 * step * slope) {
        next = trial;
        break;
      }
      step /= 2;
    }
    if (!next) return { point: x, value, iterations: iteration, converged: true };
    const s = candidate.map((ci, i) => ci - (x[i] ?? 0));
    const y = next.gradient.map((gi, i) => gi - (gradient[i] ?? 0));
    const sy = dot(s, y);
    const improvement = value - next.value;
    x = candidate;
    value = next.value;
    gradient = next.gradient;
    if (sy > 1e-12) {
      const hy = h.map((row) => dot(row, y));
      const yhy = dot(y, hy);
      h = h.map((row, i) =>
        row.map(
          (hij, j) =>
            hij +
            ((sy + yhy) * (s[i] ?? 0) * (s[j] ?? 0)) / (sy * sy) -
            ((hy[i] ?? 0) * (s[j] ?? 0) + (s[i] ?? 0) * (hy[j] ?? 0)) / sy,
        ),
      );
    }
    if (improvement >= 0 && improvement < 1e-14 * Math.max(1, Math.abs(value)) && norm(s) < 1e-10) {
      return { point: x, value, iterations: iteration, converged: true };
    }
  }
  return { point: x, value, iterations: maxIterations, converged: false };
}

/** The best of several starts: likelihood ridges can hold a start far from the maximum. */
export function minimizeFromStarts(objective: Objective, starts: readonly (readonly number[])[]): Minimum {
  let best: Minimum | undefined;
  for (const start of starts) {
    const found = minimize(objective, start);
    if (Number.isFinite(found.value) && (!best || found.value < best.value)) best = found;
  }
  if (!best) throw new Error("No start gave a finite likelihood.");
  return best;
}

/**
 * The fits search over φ with parameter = exp(B·tanh(φ/B)): near the origin
 * this is exp(φ), and no parameter can leave [e^-B, e^B]. On small data sets
 * the maximum likelihood lies on the edge of the parameter space (BG/NBD's a
 * and b, or Gamma-Gamma's q and v, growing without end when every customer
 * behaves alike); bounded, the search stops there with parameters that still
 * predict what the edge means. Inside the bounds the maximum is unchanged.
 */
export const LOG_BOUND = 12;
export const boundedParameter = (phi: number) => Math.exp(LOG_BOUND * Math.tanh(phi / LOG_BOUND));
/** d(parameter)/dφ at φ. */
export const boundedSlope = (phi: number) => {
  const t = Math.tanh(phi / LOG_BOUND);
  return boundedParameter(phi) * (1 - t * t);
};

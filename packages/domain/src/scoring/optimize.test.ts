import { describe, expect, it } from "vitest";
import { minimize, minimizeFromStarts } from "./optimize.js";
import { hyp2f1, logAddExp, logGamma } from "./special.js";

describe("the minimiser", () => {
  it("finds the minimum of Rosenbrock's valley", () => {
    const rosenbrock = ([x = 0, y = 0]: readonly number[]) => ({
      value: (1 - x) ** 2 + 100 * (y - x * x) ** 2,
      gradient: [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)],
    });
    const found = minimize(rosenbrock, [-1.2, 1]);
    expect(found.point[0]).toBeCloseTo(1, 5);
    expect(found.point[1]).toBeCloseTo(1, 5);
  });

  it("keeps the best of several starts", () => {
    // Two basins: around -2 (value 0) and around 2 (value 1).
    const wells = ([x = 0]: readonly number[]) => ({
      value: Math.min((x + 2) ** 2, (x - 2) ** 2 + 1),
      gradient: [(x + 2) ** 2 < (x - 2) ** 2 + 1 ? 2 * (x + 2) : 2 * (x - 2)],
    });
    expect(minimize(wells, [3]).point[0]).toBeCloseTo(2, 4);
    expect(minimizeFromStarts(wells, [[3], [-3]]).point[0]).toBeCloseTo(-2, 4);
  });
});

describe("special functions", () => {
  it("agree with closed forms", () => {
    expect(logGamma(10)).toBeCloseTo(Math.log(362_880), 10);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
    // 2F1(1, 1; 2; z) = -ln(1 - z) / z
    expect(hyp2f1(1, 1, 2, 0.5)).toBeCloseTo(-Math.log(0.5) / 0.5, 10);
    // 2F1(a, b; b; z) = (1 - z)^-a
    expect(hyp2f1(2.5, 3, 3, 0.9)).toBeCloseTo(0.1 ** -2.5, 6);
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.log(2), 10);
  });
});

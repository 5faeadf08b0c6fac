import { describe, expect, it } from "vitest";
import { quintile, tieBreaker, ValueHistogram } from "./rank.js";

describe("ranks within the tenant", () => {
  it("put a fifth of the customers in each quintile, ties split the same way every time", () => {
    const histogram = new ValueHistogram();
    // Heavy ties: 60% bought once.
    const values = Array.from({ length: 1000 }, (_, i) => (i < 600 ? 1 : 2 + (i % 7)));
    for (const value of values) histogram.add(value);
    const scores = values.map((value, i) => quintile(histogram.positionOf(value, tieBreaker(`c${i}`))));
    const counts = [1, 2, 3, 4, 5].map((score) => scores.filter((s) => s === score).length);
    for (const count of counts) expect(Math.abs(count - 200)).toBeLessThan(40);
    // Higher values never score lower.
    const byValue = values.map((value, i) => [value, scores[i] ?? 0] as const).sort((p, q) => p[0] - q[0]);
    const highestBelow = new Map<number, number>();
    for (const [value, score] of byValue)
      highestBelow.set(value, Math.max(highestBelow.get(value) ?? 0, score));
    for (const [value, score] of byValue)
      for (const [other, highest] of highestBelow)
        if (other < value) expect(score).toBeGreaterThanOrEqual(highest);
    const again = values.map((value, i) => quintile(histogram.positionOf(value, tieBreaker(`c${i}`))));
    expect(again).toEqual(scores);
  });

  it("read the Pareto curve and decile averages off the histogram", () => {
    const histogram = new ValueHistogram(3);
    // 20 customers hold 80 of 100.
    for (let i = 0; i < 20; i++) histogram.add(4);
    for (let i = 0; i < 80; i++) histogram.add(0.25);
    const curve = histogram.paretoCurve(10);
    expect(curve).toHaveLength(10);
    expect(curve[1]?.customers).toBeCloseTo(0.2);
    expect(curve[1]?.share).toBeCloseTo(0.8);
    expect(curve[9]?.share).toBeCloseTo(1);
    const deciles = histogram.groupAverages(10);
    expect(deciles.map((decile) => decile.average)).toEqual([
      0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 4, 4,
    ]);
    expect(histogram.shareAbove(0.25, 1)).toBeCloseTo(0.8);
    expect(histogram.shareAbove(4, 1)).toBeCloseTo(0);
  });

  it("survive a checkpoint as plain data", () => {
    const histogram = new ValueHistogram(3);
    for (const value of [1234, 1235, 99, 5]) histogram.add(value);
    const copy = ValueHistogram.from(JSON.parse(JSON.stringify(histogram.toJSON())), 3);
    expect(copy.positionOf(99, 0.5)).toBe(histogram.positionOf(99, 0.5));
  });
});

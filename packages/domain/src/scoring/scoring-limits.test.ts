import { describe, expect, it } from "vitest";
import { DEFAULT_SCORING } from "./default-scoring.js";
import { readTypedNumber, SCORING_LIMITS, type ScoringLimit } from "./scoring-limits.js";
import { ScoringSettingsSchema } from "./scoring-settings.js";

type Group = keyof typeof SCORING_LIMITS;

/** Whether the schema itself (not a rule between two fields) refuses this one value. */
function schemaRefuses(group: Group, key: string, value: number): boolean {
  const scoring = { ...DEFAULT_SCORING, [group]: { ...DEFAULT_SCORING[group], [key]: value } };
  const result = ScoringSettingsSchema.safeParse(scoring);
  return (
    !result.success &&
    result.error.issues.some((issue) => issue.code !== "custom" && issue.path.join(".") === `${group}.${key}`)
  );
}

describe("the scoring form's limits", () => {
  const cases = Object.entries(SCORING_LIMITS).flatMap(([group, limits]) =>
    Object.entries(limits).map(([key, limit]) => [group as Group, key, limit as ScoringLimit] as const),
  );

  it.each(cases)("for %s.%s are the schema's, in the unit typed", (group, key, limit) => {
    const kept = (typed: number) => (limit.percent ? typed / 100 : typed);
    const step = limit.integer ? 1 : 0.01;
    expect(schemaRefuses(group, key, kept(limit.min)), "at the minimum").toBe(Boolean(limit.exclusive));
    expect(schemaRefuses(group, key, kept(limit.max)), "at the maximum").toBe(Boolean(limit.exclusive));
    expect(schemaRefuses(group, key, kept(limit.min - step)), "below").toBe(true);
    expect(schemaRefuses(group, key, kept(limit.max + step)), "above").toBe(true);
    expect(schemaRefuses(group, key, kept(limit.min + step)), "inside").toBe(false);
    if (limit.integer) expect(schemaRefuses(group, key, limit.min + 0.5), "a fraction").toBe(true);
  });
});

describe("a number typed into the scoring form", () => {
  it("is read in percent and kept as a share", () => {
    expect(readTypedNumber("80", SCORING_LIMITS.abc.aShare)).toEqual({ value: 0.8 });
    expect(readTypedNumber(" 12.5 %", SCORING_LIMITS.abc.aShare)).toEqual({ value: 0.125 });
    expect(readTypedNumber("1,5", SCORING_LIMITS.clv.monthlyDiscount)).toEqual({ value: 0.015 });
    expect(readTypedNumber("90", SCORING_LIMITS.lifecycle.newDays)).toEqual({ value: 90 });
  });

  it("is refused outside its bounds in the unit typed: a share of 100% or more, 0% or less", () => {
    const range = { problem: "out-of-range", min: 0, max: 100, exclusive: true };
    expect(readTypedNumber("100", SCORING_LIMITS.abc.aShare)).toEqual(range);
    expect(readTypedNumber("0", SCORING_LIMITS.churn.highBelow)).toEqual(range);
    expect(readTypedNumber("150", SCORING_LIMITS.abc.bShare)).toEqual(range);
    expect(readTypedNumber("21", SCORING_LIMITS.clv.monthlyDiscount)).toEqual({
      problem: "out-of-range",
      min: 0,
      max: 20,
      exclusive: false,
    });
  });

  it("is refused when it is no number, or a fraction where whole numbers go", () => {
    expect(readTypedNumber("", SCORING_LIMITS.abc.aShare)).toEqual({ problem: "not-a-number" });
    expect(readTypedNumber("eighty", SCORING_LIMITS.abc.aShare)).toEqual({ problem: "not-a-number" });
    expect(readTypedNumber("12.5", SCORING_LIMITS.abc.windowMonths)).toEqual({ problem: "not-integer" });
  });
});

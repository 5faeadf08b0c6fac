import { z } from "zod";
import type { CHURN_RISKS } from "../constants.js";
import { fieldIssue } from "../problems.js";

const Score = z.number().int().min(1).max(5);
const ScoreRange = z.tuple([Score, Score]).refine(([low, high]) => low <= high, fieldIssue("range-order"));

/** A segment's stable key, as lists and records name it. */
export const SegmentKeySchema = z
  .string()
  .refine((key) => /^[a-z0-9][a-z0-9-]{0,39}$/.test(key), fieldIssue("key-format"));

/** One named RFM segment: the customers whose scores fall in all three ranges (the first rule that matches wins). */
export const SegmentRuleSchema = z
  .object({
    key: SegmentKeySchema,
    /** The admin's own name for it; without one the app shows its translated default name. */
    name: z.string().trim().min(1).max(40).optional(),
    recency: ScoreRange,
    frequency: ScoreRange,
    monetary: ScoreRange,
  })
  .strict();
export type SegmentRule = z.infer<typeof SegmentRuleSchema>;

/** The cells (R-F-M) that no rule covers. */
export function uncoveredCells(rules: readonly SegmentRule[]): string[] {
  const missing: string[] = [];
  for (let r = 1; r <= 5; r++)
    for (let f = 1; f <= 5; f++)
      for (let m = 1; m <= 5; m++) {
        if (!segmentOf(rules, { r, f, m })) missing.push(`${r}${f}${m}`);
      }
  return missing;
}

const inRange = (value: number, [low, high]: readonly [number, number]) => value >= low && value <= high;

/** The first rule whose ranges hold the scores. */
export function segmentOf(rules: readonly SegmentRule[], { r, f, m }: { r: number; f: number; m: number }) {
  return rules.find(
    (rule) => inRange(r, rule.recency) && inRange(f, rule.frequency) && inRange(m, rule.monetary),
  );
}

const Share = z.number().gt(0).lt(1);

/** How the nightly scoring reads a tenant's customers: every number has a default, every one is the tenant's to change. */
export const ScoringSettingsSchema = z
  .object({
    segments: z
      .array(SegmentRuleSchema)
      .min(1)
      .max(30)
      .superRefine((rules, ctx) => {
        const keys = rules.map((rule) => rule.key);
        keys.forEach((key, index) => {
          if (keys.indexOf(key) !== index)
            ctx.addIssue({
              code: "custom",
              path: [index, "key"],
              ...fieldIssue("not-unique"),
            });
        });
        const missing = uncoveredCells(rules);
        if (missing.length > 0)
          ctx.addIssue({
            code: "custom",
            path: [],
            ...fieldIssue("rfm-cells-uncovered", {
              cells: `${missing.slice(0, 8).join(", ")}${missing.length > 8 ? ` (+${missing.length - 8})` : ""}`,
            }),
          });
      }),
    abc: z
      .object({
        windowMonths: z.number().int().min(1).max(24),
        aShare: Share,
        bShare: Share,
      })
      .strict()
      .refine((abc) => abc.aShare < abc.bShare, {
        ...fieldIssue("abc-share-order"),
        path: ["bShare"],
      }),
    clv: z
      .object({
        horizonMonths: z.number().int().min(1).max(60),
        monthlyDiscount: z.number().min(0).max(0.2),
      })
      .strict(),
    churn: z
      .object({
        /** Below this probability of being active, the churn risk is high. */
        highBelow: Share,
        /** Below this (and not high), medium. */
        mediumBelow: Share,
      })
      .strict()
      .refine((churn) => churn.highBelow < churn.mediumBelow, {
        ...fieldIssue("churn-line-order"),
        path: ["mediumBelow"],
      }),
    lifecycle: z
      .object({
        /** Customers whose first purchase is this recent are new. */
        newDays: z.number().int().min(1).max(730),
        /** Customers this long with the company, with at least matureDays purchase days, are mature. */
        matureDays: z.number().int().min(30).max(3650),
        matureDaysWithPurchase: z.number().int().min(2).max(1000),
        /** Below this probability of being active, a customer has churned. */
        churnedBelow: Share,
      })
      .strict(),
  })
  .strict();
export type ScoringSettings = z.infer<typeof ScoringSettingsSchema>;

export type ChurnRisk = (typeof CHURN_RISKS)[number];

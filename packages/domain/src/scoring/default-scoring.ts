import type { ScoringSettings, SegmentRule } from "./scoring-settings.js";

/**
 * The scoring settings a tenant starts with (scoring-settings.ts has their
 * schema): apart from it so that reading a tenant's settings builds no schema
 * when a Lambda starts.
 */

const all: [number, number] = [1, 5];
/**
 * The usual RFM map on recency and frequency (monetary open), read top to
 * bottom: it covers all 125 cells.
 */
export const DEFAULT_SEGMENT_RULES: SegmentRule[] = [
  { key: "champions", recency: [5, 5], frequency: [4, 5], monetary: all },
  { key: "loyal", recency: [3, 4], frequency: [4, 5], monetary: all },
  { key: "potential-loyalist", recency: [4, 5], frequency: [2, 3], monetary: all },
  { key: "new", recency: [5, 5], frequency: [1, 1], monetary: all },
  { key: "promising", recency: [4, 4], frequency: [1, 1], monetary: all },
  { key: "need-attention", recency: [3, 3], frequency: [3, 3], monetary: all },
  { key: "about-to-sleep", recency: [3, 3], frequency: [1, 2], monetary: all },
  { key: "cant-lose-them", recency: [1, 2], frequency: [5, 5], monetary: all },
  { key: "at-risk", recency: [1, 2], frequency: [3, 4], monetary: all },
  { key: "lost", recency: [1, 1], frequency: [1, 1], monetary: all },
  { key: "hibernating", recency: [1, 2], frequency: [1, 2], monetary: all },
];

export const DEFAULT_SCORING: ScoringSettings = {
  segments: DEFAULT_SEGMENT_RULES,
  abc: { windowMonths: 12, aShare: 0.8, bShare: 0.95 },
  clv: { horizonMonths: 12, monthlyDiscount: 0.01 },
  churn: { highBelow: 0.3, mediumBelow: 0.6 },
  lifecycle: { newDays: 90, matureDays: 365, matureDaysWithPurchase: 3, churnedBelow: 0.1 },
};

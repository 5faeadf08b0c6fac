/**
 * The bounds of each number in the scoring rules, in the unit an admin types
 * them (percent for shares), so that a form checks what was typed before it
 * sends it. scoring-limits.test.ts holds them to ScoringSettingsSchema.
 */
export type ScoringLimit = {
  min: number;
  max: number;
  /** The bound itself is refused (a share of 0% or 100% means nothing). */
  exclusive?: boolean;
  integer?: boolean;
  /** Typed in percent, kept as a share (80 → 0.8). */
  percent?: boolean;
};

const share: ScoringLimit = { min: 0, max: 100, exclusive: true, percent: true };
const whole = (min: number, max: number): ScoringLimit => ({ min, max, integer: true });

export const SCORING_LIMITS = {
  abc: { windowMonths: whole(1, 24), aShare: share, bShare: share },
  clv: { horizonMonths: whole(1, 60), monthlyDiscount: { min: 0, max: 20, percent: true } },
  churn: { highBelow: share, mediumBelow: share },
  lifecycle: {
    newDays: whole(1, 730),
    matureDays: whole(30, 3650),
    matureDaysWithPurchase: whole(2, 1000),
    churnedBelow: share,
  },
} as const satisfies Record<string, Record<string, ScoringLimit>>;

export type TypedNumber =
  | { value: number }
  | { problem: "not-a-number" }
  | { problem: "not-integer" }
  | { problem: "out-of-range"; min: number; max: number; exclusive: boolean };

/**
 * A number typed into a scoring field ("80", "80%", "0,5"), checked against
 * its limit in the unit typed; its value is in the unit kept (a share for a percent).
 */
export function readTypedNumber(text: string, limit: ScoringLimit): TypedNumber {
  const cleaned = text.normalize("NFKC").replace(/[\s%]/g, "").replace(",", ".");
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(cleaned)) return { problem: "not-a-number" };
  const typed = Number(cleaned);
  if (limit.integer && !Number.isInteger(typed)) return { problem: "not-integer" };
  const { min, max, exclusive = false } = limit;
  if (exclusive ? typed <= min || typed >= max : typed < min || typed > max)
    return { problem: "out-of-range", min, max, exclusive };
  // Rounded so that 80 % is 0.8, not 0.8000000000000002.
  return { value: limit.percent ? Math.round(typed * 1e6) / 1e8 : typed };
}

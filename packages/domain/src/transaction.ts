import { z } from "zod";
import { localDate } from "./calendar.js";
import { type FieldProblem, fieldProblem } from "./errors.js";
import { CurrencySchema } from "./settings.js";

export const TRANSACTION_KINDS = ["purchase", "refund"] as const;

/** A purchase or refund as sent: money in integer minor units of one ISO currency. */
export const TransactionRequestSchema = z
  .object({
    occurredAt: z.iso.datetime({
      offset: true,
      message: "Use an ISO 8601 time such as 2026-11-22T10:00:00Z.",
    }),
    amount: z
      .number()
      .int("Send the amount in minor units (cents, fen) as a whole number.")
      .positive()
      .max(1e12),
    currency: CurrencySchema,
    kind: z.enum(TRANSACTION_KINDS),
    channel: z.string().trim().max(60).optional(),
    category: z.string().trim().max(100).optional(),
    externalRef: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type TransactionInput = z.infer<typeof TransactionRequestSchema>;

/**
 * How far after now a transaction may be dated: a day covers a time written
 * in any time zone and a till's clock a little ahead, and no more (a purchase
 * dated years ahead would be every customer's last one and skew the scores).
 */
const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;

/**
 * The problem of a transaction's time later than a day after now (the
 * server's or the job's clock), or none: the one check recording,
 * correcting and importing share.
 */
export function occurredAtProblems(occurredAt: string, now: Date, path = "occurredAt"): FieldProblem[] {
  const latest = new Date(now.getTime() + MAX_FUTURE_MS);
  return new Date(occurredAt).getTime() > latest.getTime()
    ? [fieldProblem(path, "in-the-future", { latest: latest.toISOString() })]
    : [];
}

/**
 * What voiding left on an entry: when, by whom and why, and the entries that
 * reverse it and (for a correction) replace it. Entries are never deleted.
 */
const TransactionVoidSchema = z.object({
  at: z.string(),
  by: z.string(),
  byName: z.string(),
  reason: z.string(),
  reversalId: z.string(),
  correctionId: z.string().optional(),
});
export type TransactionVoid = z.infer<typeof TransactionVoidSchema>;

export const TransactionSchema = TransactionRequestSchema.extend({
  id: z.string(),
  customerId: z.string(),
  occurredAt: z.string(),
  createdAt: z.string(),
  /** Set once the entry is voided (or corrected): it then counts in no aggregate. */
  voided: TransactionVoidSchema.optional(),
  /** On a reversing entry: the id of the entry it cancels. It counts in no aggregate either. */
  reverses: z.string().optional(),
  /** On a corrected entry: the id of the voided entry it replaces. */
  corrects: z.string().optional(),
});
export type Transaction = z.infer<typeof TransactionSchema>;

/** Whether an entry counts in the customer's aggregates: neither voided nor a reversing entry. */
export const inForce = (transaction: Partial<Pick<Transaction, "voided" | "reverses">>) =>
  !transaction.voided && !transaction.reverses;

/** A customer's purchase aggregates, kept current with every transaction; the nightly scoring reads these. */
export const PurchasesSchema = z.object({
  count: z.number().int(),
  firstAt: z.string().optional(),
  lastAt: z.string().optional(),
  netAmount: z.number().int(),
  averageAmount: z.number().int(),
  currency: z.string(),
  /**
   * Distinct days with a purchase, in the tenant's time zone: several
   * purchases on one day are one purchase occasion, as the scoring models
   * count them. Absent on aggregates written before it was kept.
   */
  days: z.number().int().optional(),
  firstDay: z.string().optional(),
  lastDay: z.string().optional(),
  /** Purchases on the first day: the repeat purchases' value is grossAmount less this. */
  firstDayAmount: z.number().int().optional(),
  /** All purchases, before refunds. */
  grossAmount: z.number().int().optional(),
  /** Net amount by month (YYYY-MM, tenant's time zone), the latest MONTHS_KEPT months: revenue over a window. */
  months: z.record(z.string(), z.number().int()).optional(),
});
export type Purchases = z.infer<typeof PurchasesSchema>;

/** How many months of net amounts the aggregates keep: enough for a 24-month window. */
export const MONTHS_KEPT = 24;

export const noPurchases = (currency: string): Purchases => ({
  count: 0,
  netAmount: 0,
  averageAmount: 0,
  currency,
});

/** The month (YYYY-MM) count months before another. */
export const monthsBefore = (month: string, count: number) => {
  const [year, number] = month.split("-").map(Number) as [number, number];
  const index = year * 12 + (number - 1) - count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
};

/**
 * Whether a purchase on a day starts a new purchase day, when the aggregates
 * can tell: before the first or after the last purchase day it does, on
 * either of them it does not. Between them it depends on the transactions of
 * that day (undefined: the caller looks).
 */
export function isNewPurchaseDay(before: Purchases, day: string): boolean | undefined {
  if (!before.firstDay || !before.lastDay) return true;
  if (day === before.firstDay || day === before.lastDay) return false;
  if (day < before.firstDay || day > before.lastDay) return true;
  return undefined;
}

/**
 * Aggregates written before purchase days were kept, read as if each purchase
 * was on its own day (the best they can tell).
 */
function withPurchaseDays(before: Purchases, timeZone: string): Purchases {
  if (before.days !== undefined || before.count === 0 || !before.firstAt || !before.lastAt) return before;
  return {
    ...before,
    days: before.count,
    firstDay: localDate(before.firstAt, timeZone),
    lastDay: localDate(before.lastAt, timeZone),
    firstDayAmount: before.averageAmount,
    grossAmount: Math.max(before.netAmount, 0),
  };
}

/**
 * The aggregates after one more transaction. Purchases count and move the
 * first and last purchase; refunds only lower the net amount. The average is
 * net amount per purchase, rounded to a minor unit. Days are the tenant's;
 * newDay says whether a purchase between the first and last purchase days
 * falls on a day without one (see isNewPurchaseDay).
 */
export function applyTransaction(
  stored: Purchases,
  transaction: Pick<Transaction, "kind" | "amount" | "occurredAt">,
  place: { timeZone: string; newDay?: boolean } = { timeZone: "UTC" },
): Purchases {
  const before = withPurchaseDays(stored, place.timeZone);
  const at = new Date(transaction.occurredAt).toISOString();
  const purchase = transaction.kind === "purchase";
  const signed = purchase ? transaction.amount : -transaction.amount;
  const count = before.count + (purchase ? 1 : 0);
  const netAmount = before.netAmount + signed;
  const day = localDate(at, place.timeZone);
  const month = day.slice(0, 7);
  const months = { ...before.months, [month]: (before.months?.[month] ?? 0) + signed };
  const newest = Object.keys(months).sort().at(-1) ?? month;
  const oldestKept = monthsBefore(newest, MONTHS_KEPT - 1);
  for (const key of Object.keys(months)) if (key < oldestKept) delete months[key];
  const purchaseDays = purchase
    ? {
        days: (before.days ?? 0) + ((isNewPurchaseDay(before, day) ?? place.newDay ?? true) ? 1 : 0),
        firstDay: !before.firstDay || day < before.firstDay ? day : before.firstDay,
        lastDay: !before.lastDay || day > before.lastDay ? day : before.lastDay,
        firstDayAmount:
          !before.firstDay || day < before.firstDay
            ? transaction.amount
            : (before.firstDayAmount ?? 0) + (day === before.firstDay ? transaction.amount : 0),
        grossAmount: (before.grossAmount ?? 0) + transaction.amount,
      }
    : {};
  return {
    ...before,
    ...purchaseDays,
    currency: before.currency,
    count,
    netAmount,
    averageAmount: count > 0 ? Math.round(netAmount / count) : 0,
    months,
    ...(purchase || before.firstAt
      ? { firstAt: purchase && (!before.firstAt || at < before.firstAt) ? at : before.firstAt }
      : {}),
    ...(purchase || before.lastAt
      ? { lastAt: purchase && (!before.lastAt || at > before.lastAt) ? at : before.lastAt }
      : {}),
  };
}

import { localDate } from "./calendar.js";
import type { Purchases, Transaction } from "./transaction.js";

/**
 * A customer's purchase aggregates kept current, transaction by transaction
 * (transaction.ts has the schemas): apart from the schemas so that the data
 * layer, which applies these, builds no schema when a Lambda starts.
 */

/** Whether an entry counts in the customer's aggregates: neither voided nor a reversing entry. */
export const inForce = (transaction: Partial<Pick<Transaction, "voided" | "reverses">>) =>
  !transaction.voided && !transaction.reverses;

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

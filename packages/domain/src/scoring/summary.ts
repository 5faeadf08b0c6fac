import type { RepeatHistory } from "./bgnbd.js";
import type { SpendHistory } from "./gamma-gamma.js";

/** One purchase as an analyst's file has it: a customer, a calendar day, an amount. */
export type PurchaseRecord = { customerId: string; date: string; amount: number };

/** What the models read of one customer, in periods (days or weeks) and the file's money. */
export type CustomerSummary = RepeatHistory &
  SpendHistory & { customerId: string; firstDate: string; lastDate: string; total: number };

const DAY_MS = 86_400_000;
/** A YYYY-MM-DD calendar day as a day number (days since 1970-01-01). */
export const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
export const dateOfDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/**
 * The literature's summary (the convention the published CDNOW values rest
 * on): purchases after the end of the period are left out; a customer's
 * purchases on one day are one purchase; the first purchase is the
 * customer's birth, so x counts the purchases after it; t_x and T run from
 * it, in periods of periodDays; the monetary value averages the repeat
 * purchases only (0 without one). Customers come out in id order.
 */
export function summarizePurchases(
  records: Iterable<PurchaseRecord>,
  options: { asOf?: string; periodDays: number },
): CustomerSummary[] {
  const asOfDay = options.asOf ? dayNumber(options.asOf) : undefined;
  const byCustomer = new Map<string, Map<number, number>>();
  let lastSeen = Number.NEGATIVE_INFINITY;
  // A file holds few distinct dates and many rows: each date is read once.
  const days = new Map<string, number>();
  for (const record of records) {
    let day = days.get(record.date);
    if (day === undefined) {
      day = dayNumber(record.date);
      days.set(record.date, day);
    }
    if (asOfDay !== undefined && day > asOfDay) continue;
    lastSeen = Math.max(lastSeen, day);
    let purchaseDays = byCustomer.get(record.customerId);
    if (!purchaseDays) {
      purchaseDays = new Map();
      byCustomer.set(record.customerId, purchaseDays);
    }
    purchaseDays.set(day, (purchaseDays.get(day) ?? 0) + record.amount);
  }
  const end = asOfDay ?? lastSeen;
  const collator = new Intl.Collator("en", { numeric: true });
  const ids = [...byCustomer.keys()].sort(collator.compare);
  return ids.map((customerId) => {
    const days = [...(byCustomer.get(customerId) ?? new Map<number, number>()).entries()].sort(
      (p, q) => p[0] - q[0],
    );
    const [first, firstAmount] = days[0] ?? [end, 0];
    const last = days[days.length - 1]?.[0] ?? first;
    const total = days.reduce((sum, [, amount]) => sum + amount, 0);
    const x = days.length - 1;
    return {
      customerId,
      x,
      tx: (last - first) / options.periodDays,
      T: (end - first) / options.periodDays,
      monetary: x > 0 ? (total - firstAmount) / x : 0,
      firstDate: dateOfDay(first),
      lastDate: dateOfDay(last),
      total,
    };
  });
}

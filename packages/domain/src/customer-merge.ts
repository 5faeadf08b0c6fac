import { localDate } from "./calendar.js";
import type { Customer } from "./customer.js";
import { fail, fieldProblem, invalid } from "./errors.js";
import { applyTransaction, inForce, noPurchases } from "./purchases.js";
import type { Purchases, Transaction } from "./transaction.js";

const OPTIONAL_FIELDS = ["address", "birthday", "industry", "size", "source"] as const;
const union = (first: string[], second: string[]) => [...new Set([...first, ...second])];

/** A customer is merged into another, never into itself. */
export function checkMergePair(survivorId: string, duplicateId: string): void {
  if (survivorId === duplicateId) throw invalid([fieldProblem("duplicateId", "merge-same-customer")]);
}

/**
 * Two customers merge only when all their purchases are in one currency:
 * the survivor's aggregates (when it has any) and the duplicate's
 * transactions that move to it. The survivor's aggregates count in one.
 */
export function checkMergeCurrencies(
  survivorPurchases: Purchases,
  movingCurrencies: readonly string[],
): void {
  const currencies = new Set(movingCurrencies);
  if (survivorPurchases.count > 0 || survivorPurchases.netAmount !== 0)
    currencies.add(survivorPurchases.currency);
  if (currencies.size > 1) throw fail("merge-currencies-differ");
}

/**
 * The survivor of a merge as a person would expect it: its own values win,
 * gaps are filled from the duplicate, and it keeps every email, phone and
 * tag of both (so no way of reaching the customer is lost). Bookkeeping
 * (id, owner, stage, dates, version, purchases) stays the survivor's.
 */
export function mergeProfiles(survivor: Customer, duplicate: Customer): Customer {
  const merged: Customer = {
    ...survivor,
    emails: union(survivor.emails, duplicate.emails),
    phones: union(survivor.phones, duplicate.phones),
    tags: union(survivor.tags, duplicate.tags),
  };
  if (survivor.customFields || duplicate.customFields) {
    merged.customFields = { ...duplicate.customFields, ...survivor.customFields };
  }
  for (const field of OPTIONAL_FIELDS) {
    if (merged[field] === undefined && duplicate[field] !== undefined) {
      Object.assign(merged, { [field]: duplicate[field] });
    }
  }
  // A birthday belongs to a person, industry and size to a company: only what fits the survivor's kind.
  if (merged.kind === "company") delete merged.birthday;
  else {
    delete merged.industry;
    delete merged.size;
  }
  return merged;
}

/**
 * The aggregates of a set of transactions, as recording them one by one would
 * have left them. Voided entries and their reversals count for nothing.
 */
export function purchasesOf(
  transactions: Array<
    Pick<Transaction, "kind" | "amount" | "occurredAt"> & Partial<Pick<Transaction, "voided" | "reverses">>
  >,
  currency: string,
  timeZone = "UTC",
): Purchases {
  // Every transaction is at hand, so whether a day already had a purchase is known exactly.
  const seenDays = new Set<string>();
  return transactions.filter(inForce).reduce((purchases, transaction) => {
    const day = localDate(transaction.occurredAt, timeZone);
    const newDay = transaction.kind === "purchase" && !seenDays.has(day);
    if (transaction.kind === "purchase") seenDays.add(day);
    return applyTransaction(purchases, transaction, { timeZone, newDay });
  }, noPurchases(currency));
}

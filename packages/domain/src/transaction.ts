import { z } from "zod";
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

import { z } from "zod";
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

export const TransactionSchema = TransactionRequestSchema.extend({
  id: z.string(),
  customerId: z.string(),
  occurredAt: z.string(),
  createdAt: z.string(),
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
});
export type Purchases = z.infer<typeof PurchasesSchema>;

export const noPurchases = (currency: string): Purchases => ({
  count: 0,
  netAmount: 0,
  averageAmount: 0,
  currency,
});

/**
 * The aggregates after one more transaction. Purchases count and move the
 * first and last purchase; refunds only lower the net amount. The average is
 * net amount per purchase, rounded to a minor unit.
 */
export function applyTransaction(
  before: Purchases,
  transaction: Pick<Transaction, "kind" | "amount" | "occurredAt">,
): Purchases {
  const at = new Date(transaction.occurredAt).toISOString();
  const purchase = transaction.kind === "purchase";
  const count = before.count + (purchase ? 1 : 0);
  const netAmount = before.netAmount + (purchase ? transaction.amount : -transaction.amount);
  return {
    currency: before.currency,
    count,
    netAmount,
    averageAmount: count > 0 ? Math.round(netAmount / count) : 0,
    ...(purchase || before.firstAt
      ? { firstAt: purchase && (!before.firstAt || at < before.firstAt) ? at : before.firstAt }
      : {}),
    ...(purchase || before.lastAt
      ? { lastAt: purchase && (!before.lastAt || at > before.lastAt) ? at : before.lastAt }
      : {}),
  };
}

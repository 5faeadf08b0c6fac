import { z } from "zod";
import { TRANSACTION_KINDS, TransactionRequestSchema } from "./transaction.js";

/**
 * Corrections as accountants make them: an entry is never changed or
 * deleted. Voiding it marks it voided and writes a reversing entry (same
 * kind, amount and time, linked both ways); correcting it also writes the
 * corrected entry, linked to the one it replaces. A voided entry and its
 * reversal count in no aggregate; a corrected entry counts like any other.
 */

const Reason = z.string().trim().min(1).max(500);

/** POST …/transactions/{transactionId}/void */
export const VoidRequestSchema = z.object({ reason: Reason }).strict();
export type VoidRequest = z.infer<typeof VoidRequestSchema>;

const { amount, occurredAt, kind } = TransactionRequestSchema.shape;

/**
 * POST …/transactions/{transactionId}/correct: what differs from the entry
 * corrected (the rest is kept), and why. The currency is the customer's and
 * the external reference stays with the entry first recorded under it.
 * null clears the channel or the category.
 */
export const CorrectionRequestSchema = z
  .object({
    reason: Reason,
    amount: amount.optional(),
    occurredAt: occurredAt.optional(),
    kind: kind.optional(),
    channel: z.string().trim().max(60).nullable().optional(),
    category: z.string().trim().max(100).nullable().optional(),
  })
  .strict();
export type CorrectionRequest = z.infer<typeof CorrectionRequestSchema>;
export type CorrectionChange = Omit<CorrectionRequest, "reason">;

/** What a customer's history keeps of a voided or corrected transaction. */
export const TransactionCorrectionRecordSchema = z.object({
  id: z.string(),
  kind: z.enum(TRANSACTION_KINDS),
  amount: z.number().int(),
  currency: z.string(),
  occurredAt: z.string(),
  reason: z.string(),
  reversalId: z.string(),
  correction: z
    .object({
      id: z.string(),
      kind: z.enum(TRANSACTION_KINDS),
      amount: z.number().int(),
      occurredAt: z.string(),
    })
    .optional(),
});
export type TransactionCorrectionRecord = z.infer<typeof TransactionCorrectionRecordSchema>;

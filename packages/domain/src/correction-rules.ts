import { fail, fieldProblem, invalid } from "./errors.js";
import type { Transaction, TransactionVoid } from "./transaction.js";
import type { CorrectionChange, TransactionCorrectionRecord } from "./transaction-correction.js";

/**
 * The rules of voiding and correcting an entry (transaction-correction.ts
 * has the requests' schemas): apart from them so that the data layer, which
 * applies them, builds no schema when a Lambda starts.
 */

/** Refuses to void or correct an entry that is voided already, or that is itself a reversal. */
export function checkVoidable(transaction: Transaction): void {
  if (transaction.reverses) throw fail("transaction-is-reversal", { reverses: transaction.reverses });
  if (transaction.voided) {
    throw fail("transaction-voided", {
      reversalId: transaction.voided.reversalId,
      ...(transaction.voided.correctionId && { correctionId: transaction.voided.correctionId }),
    });
  }
}

/** The entry that cancels another: the same kind, amount and time, so the two sit side by side. */
export function reversalOf(original: Transaction, id: string, at: string): Transaction {
  return {
    id,
    customerId: original.customerId,
    kind: original.kind,
    amount: original.amount,
    currency: original.currency,
    occurredAt: original.occurredAt,
    createdAt: at,
    reverses: original.id,
    ...(original.channel !== undefined && { channel: original.channel }),
    ...(original.category !== undefined && { category: original.category }),
  };
}

/**
 * The entry that replaces another: the original with the changes, linked to
 * it. A change that changes nothing is refused (400, nothing-to-change).
 */
export function correctionOf(
  original: Transaction,
  change: CorrectionChange,
  id: string,
  at: string,
): Transaction {
  const channel = change.channel === undefined ? original.channel : (change.channel ?? undefined);
  const category = change.category === undefined ? original.category : (change.category ?? undefined);
  const corrected: Transaction = {
    id,
    customerId: original.customerId,
    kind: change.kind ?? original.kind,
    amount: change.amount ?? original.amount,
    currency: original.currency,
    occurredAt:
      change.occurredAt === undefined ? original.occurredAt : new Date(change.occurredAt).toISOString(),
    createdAt: at,
    corrects: original.id,
    ...(channel && { channel }),
    ...(category && { category }),
  };
  const same =
    corrected.kind === original.kind &&
    corrected.amount === original.amount &&
    Date.parse(corrected.occurredAt) === Date.parse(original.occurredAt) &&
    (corrected.channel ?? "") === (original.channel ?? "") &&
    (corrected.category ?? "") === (original.category ?? "");
  if (same) throw invalid([fieldProblem("(body)", "nothing-to-change")]);
  return corrected;
}

/** What the voided entry carries from now on. */
export function voidOf(
  by: { id: string; name: string },
  at: string,
  reason: string,
  reversalId: string,
  correctionId?: string,
): TransactionVoid {
  return { at, by: by.id, byName: by.name, reason, reversalId, ...(correctionId && { correctionId }) };
}

/** What the customer's history keeps of a void or a correction. */
export function correctionRecord(
  original: Transaction,
  reason: string,
  reversal: Transaction,
  correction?: Transaction,
): TransactionCorrectionRecord {
  return {
    id: original.id,
    kind: original.kind,
    amount: original.amount,
    currency: original.currency,
    occurredAt: original.occurredAt,
    reason,
    reversalId: reversal.id,
    ...(correction && {
      correction: {
        id: correction.id,
        kind: correction.kind,
        amount: correction.amount,
        occurredAt: correction.occurredAt,
      },
    }),
  };
}

import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";

/**
 * For a cancelled transaction, the indexes of the actions whose condition failed.
 * Anything else (throttling, a conflict with another transaction) is rethrown by the caller.
 */
export function failedConditions(error: unknown): number[] | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  const reasons = error.CancellationReasons ?? [];
  const failed = reasons.flatMap((reason, index) =>
    reason.Code === "ConditionalCheckFailed" ? [index] : [],
  );
  return failed.length > 0 ? failed : undefined;
}

export const isConditionFailure = (error: unknown) =>
  error instanceof Error && error.name === "ConditionalCheckFailedException";

const isTransactionConflict = (error: unknown) =>
  error instanceof TransactionCanceledException &&
  (error.CancellationReasons ?? []).some((reason) => reason.Code === "TransactionConflict");

/**
 * Runs a transaction again when DynamoDB cancelled it only because another
 * transaction held one of its items: that is contention, not a refusal.
 */
export async function retryOnConflict<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!isTransactionConflict(error) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 30));
    }
  }
}

import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";

/**
 * For a cancelled transaction, the indexes of the actions whose condition failed.
 * Anything else (throttling, a conflict with another transaction) is rethrown by the caller.
 */
export function failedConditions(error: unknown): number[] | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  const reasons = error.CancellationReasons ?? [];
  const failed = reasons.flatMap((reason, index) => (reason.Code === "ConditionalCheckFailed" ? [index] : []));
  return failed.length > 0 ? failed : undefined;
}

export const isConditionFailure = (error: unknown) =>
  error instanceof Error && error.name === "ConditionalCheckFailedException";

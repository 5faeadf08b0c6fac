import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import type { TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";

type Action = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

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

/**
 * A jittered pause before writing again after the attempt-th try lost to
 * other writers (they moved a version under it), so writers that lost
 * together do not try again in step.
 */
export const pauseBeforeRewrite = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(500, 10 * 2 ** attempt)));

/**
 * The transaction actions that turn one partition's items `before` into
 * `after` (all in one partition), matched by sort key: a put of each item
 * that is new or differs, a delete of each that is gone.
 */
export function itemChanges(
  tableName: string,
  before: ReadonlyArray<Record<string, unknown>>,
  after: ReadonlyArray<Record<string, unknown>>,
): Action[] {
  const old = new Map(before.map((item) => [item.sk, JSON.stringify(item)]));
  const kept = new Set(after.map((item) => item.sk));
  const pk = before[0]?.pk;
  return [
    ...after
      .filter((item) => old.get(item.sk) !== JSON.stringify(item))
      .map((Item): Action => ({ Put: { TableName: tableName, Item } })),
    ...[...old.keys()]
      .filter((sk) => !kept.has(sk))
      .map((sk): Action => ({ Delete: { TableName: tableName, Key: { pk, sk } } })),
  ];
}

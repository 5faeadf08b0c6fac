import type { ConsumedCapacity } from "@aws-sdk/client-dynamodb";
import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/** One put or delete of a batch write. */
export type WriteRequest =
  | { PutRequest: { Item: Record<string, unknown> } }
  | { DeleteRequest: { Key: Record<string, unknown> } };

/** DynamoDB's limits: 25 writes or 100 reads in one batch request. */
const WRITES_PER_BATCH = 25;
const READS_PER_BATCH = 100;

export type BatchOptions = {
  /** Tries of one batch before giving up, counting the first. */
  maxAttempts?: number;
  /** The first backoff; each later one doubles, with jitter, up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Every response's consumed capacity, for callers that count it. */
  onCapacity?: (capacity: ConsumedCapacity[] | undefined) => void;
};

/** A batch that still had unprocessed items after every retry: the caller must not go on as if it were written. */
export class BatchIncomplete extends Error {
  constructor(
    readonly operation: "write" | "read",
    readonly remaining: number,
    attempts: number,
  ) {
    super(`Batch ${operation}: ${remaining} item(s) still unprocessed after ${attempts} attempts.`);
    this.name = "BatchIncomplete";
  }
}

const DEFAULTS = { maxAttempts: 8, baseDelayMs: 50, maxDelayMs: 2000 };
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Backoff before the attempt-th retry (1-based): exponential with full jitter,
 * so throttled writers spread out instead of retrying in step.
 */
function backoff(attempt: number, options: BatchOptions): number {
  const base = options.baseDelayMs ?? DEFAULTS.baseDelayMs;
  const max = options.maxDelayMs ?? DEFAULTS.maxDelayMs;
  return Math.round(Math.random() * Math.min(max, base * 2 ** attempt));
}

/**
 * Writes every request, 25 at a time. DynamoDB may leave part of a batch
 * unprocessed (throttling, a hot partition); those are sent again with
 * backoff, and if some are still left after maxAttempts the whole call fails
 * with BatchIncomplete rather than dropping them without a word.
 */
export async function writeAll(
  doc: DynamoDBDocumentClient,
  tableName: string,
  requests: readonly WriteRequest[],
  options: BatchOptions = {},
): Promise<void> {
  const maxAttempts = options.maxAttempts ?? DEFAULTS.maxAttempts;
  const sleep = options.sleep ?? pause;
  for (let start = 0; start < requests.length; start += WRITES_PER_BATCH) {
    let pending = requests.slice(start, start + WRITES_PER_BATCH) as WriteRequest[];
    for (let attempt = 1; ; attempt++) {
      const result = await doc.send(
        new BatchWriteCommand({
          RequestItems: { [tableName]: pending },
          ...(options.onCapacity && { ReturnConsumedCapacity: "TOTAL" }),
        }),
      );
      options.onCapacity?.(result.ConsumedCapacity);
      pending = (result.UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
      if (pending.length === 0) break;
      if (attempt >= maxAttempts) throw new BatchIncomplete("write", pending.length, attempt);
      await sleep(backoff(attempt, options));
    }
  }
}

/** Deletes the items with these keys (pk and sk are read from each; other attributes are ignored). */
export function deleteAll(
  doc: DynamoDBDocumentClient,
  tableName: string,
  items: ReadonlyArray<Record<string, unknown>>,
  options?: BatchOptions,
): Promise<void> {
  return writeAll(
    doc,
    tableName,
    items.map((item) => ({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } })),
    options,
  );
}

/**
 * Reads the items with these keys, 100 at a time, retrying the keys DynamoDB
 * leaves unprocessed; items that do not exist are simply absent. The order
 * of the answer is not the order of the keys. `projection` (attribute names,
 * none a reserved word) reads only those.
 */
export async function getAll(
  doc: DynamoDBDocumentClient,
  tableName: string,
  keys: ReadonlyArray<Record<string, unknown>>,
  options: BatchOptions & { consistent?: boolean; projection?: string } = {},
): Promise<Record<string, unknown>[]> {
  const maxAttempts = options.maxAttempts ?? DEFAULTS.maxAttempts;
  const sleep = options.sleep ?? pause;
  const found: Record<string, unknown>[] = [];
  for (let start = 0; start < keys.length; start += READS_PER_BATCH) {
    let pending = keys.slice(start, start + READS_PER_BATCH) as Record<string, unknown>[];
    for (let attempt = 1; ; attempt++) {
      const result = await doc.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: {
              Keys: pending,
              ConsistentRead: options.consistent,
              ...(options.projection && { ProjectionExpression: options.projection }),
            },
          },
          ...(options.onCapacity && { ReturnConsumedCapacity: "TOTAL" }),
        }),
      );
      options.onCapacity?.(result.ConsumedCapacity);
      found.push(...(result.Responses?.[tableName] ?? []));
      pending = (result.UnprocessedKeys?.[tableName]?.Keys ?? []) as Record<string, unknown>[];
      if (pending.length === 0) break;
      if (attempt >= maxAttempts) throw new BatchIncomplete("read", pending.length, attempt);
      await sleep(backoff(attempt, options));
    }
  }
  return found;
}

/** Runs work over items with a bounded number in flight. */
export async function inBatches<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>) {
  for (let start = 0; start < items.length; start += size) {
    await Promise.all(items.slice(start, start + size).map(work));
  }
}

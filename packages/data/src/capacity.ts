import type { ConsumedCapacity } from "@aws-sdk/client-dynamodb";

/** DynamoDB capacity units a piece of work consumed, as the service reports them (ReturnConsumedCapacity). */
export type Capacity = { read: number; write: number };

export const noCapacity = (): Capacity => ({ read: 0, write: 0 });

/** Adds what one request consumed (a batch reports one entry per table) to a tally. */
export function tally(
  capacity: Capacity | undefined,
  kind: keyof Capacity,
  consumed: ConsumedCapacity | ConsumedCapacity[] | undefined,
) {
  if (!capacity || !consumed) return;
  for (const entry of Array.isArray(consumed) ? consumed : [consumed])
    capacity[kind] += entry.CapacityUnits ?? 0;
}

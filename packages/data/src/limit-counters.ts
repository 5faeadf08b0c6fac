import { type DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { ItemKey } from "./keys.js";
import { LIMITS_TABLE_DESIGN } from "./table.js";

/**
 * Rate-limit counters in the limits table. One UpdateItem adds to a counter
 * and answers its new value atomically, so every API instance counts against
 * the same number and parallel requests cannot read the same old count.
 */
export class LimitCounters {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Adds `by` (negative to give back) and answers the new count; the counter lapses at expiresAt (epoch seconds). */
  async add(key: ItemKey, by: number, expiresAt: number): Promise<number> {
    const { Attributes } = await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key,
        UpdateExpression: "SET #expiresAt = :expiresAt ADD #count :by",
        ExpressionAttributeNames: {
          "#expiresAt": LIMITS_TABLE_DESIGN.timeToLiveAttribute,
          "#count": "count",
        },
        ExpressionAttributeValues: { ":expiresAt": expiresAt, ":by": by },
        ReturnValues: "UPDATED_NEW",
      }),
    );
    return Number(Attributes?.count ?? 0);
  }
}

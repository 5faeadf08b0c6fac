import { type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { decodeCursor, encodeCursor } from "./cursor.js";

/**
 * One page of the items in one table partition whose sort key starts with a
 * prefix, newest (highest sort key) first, behind a checked cursor: the
 * shape of histories, transactions and the audit log.
 */
export async function latestInPartition(
  doc: DynamoDBDocumentClient,
  tableName: string,
  query: { partition: string; skPrefix?: string; cursor?: string; limit: number },
): Promise<{ items: Record<string, unknown>[]; nextCursor?: string }> {
  const page = await doc.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: query.skPrefix ? "pk = :pk AND begins_with(sk, :prefix)" : "pk = :pk",
      ExpressionAttributeValues: {
        ":pk": query.partition,
        ...(query.skPrefix && { ":prefix": query.skPrefix }),
      },
      ScanIndexForward: false,
      ExclusiveStartKey: decodeCursor(query.cursor, {
        attributes: ["pk", "sk"],
        partition: { name: "pk", value: query.partition },
      }),
      Limit: query.limit,
    }),
  );
  return { items: page.Items ?? [], nextCursor: encodeCursor(page.LastEvaluatedKey) };
}

/** Every item a Query matches, page after page: for partitions known to stay small, or for work that must see all. */
export async function queryAll(
  doc: DynamoDBDocumentClient,
  input: Omit<ConstructorParameters<typeof QueryCommand>[0], "ExclusiveStartKey">,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new QueryCommand({ ...input, ExclusiveStartKey: cursor }));
    items.push(...(page.Items ?? []));
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  return items;
}

import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { createDocumentClient, createDynamoClient } from "@crm/data";
import { dynamoConnection } from "@crm/functions/config";
import { crm } from "./api.js";

/**
 * The pooled table of the embedded stack, read and written straight, as a
 * test looks at what the API stored or puts it in a state a crash leaves.
 */
export async function withTable<T>(
  use: (table: { doc: ReturnType<typeof createDocumentClient>; tableName: string }) => Promise<T>,
): Promise<T> {
  const { config } = crm();
  const client = createDynamoClient(dynamoConnection(config));
  try {
    return await use({ doc: createDocumentClient(client), tableName: config.tableName });
  } finally {
    client.destroy();
  }
}

/** Every item of one partition. */
export const itemsUnder = (pk: string) =>
  withTable(async ({ doc, tableName }) => {
    const { Items } = await doc.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": pk },
        ConsistentRead: true,
      }),
    );
    return Items ?? [];
  });

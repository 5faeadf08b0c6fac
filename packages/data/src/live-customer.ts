import { type DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { fail, mergedAway } from "@crm/domain";
import { keys } from "./keys.js";

/**
 * The stored profile of a live customer, read consistently: a customer
 * merged into another answers where it went (410), a deleted or unknown one
 * is not found.
 */
export async function readLiveCustomer(
  doc: DynamoDBDocumentClient,
  tableName: string,
  tenantId: string,
  customerId: string,
): Promise<Record<string, unknown>> {
  const { Item } = await doc.send(
    new GetCommand({ TableName: tableName, Key: keys.customer(tenantId, customerId), ConsistentRead: true }),
  );
  if (Item?.mergedInto) throw mergedAway(Item.mergedInto as string);
  if (!Item || Item.deletedAt) throw fail("customer-not-found");
  return Item;
}

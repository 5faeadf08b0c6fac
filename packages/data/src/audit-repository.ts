import { type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { collections } from "./keys.js";

export type AuditEntry = { at: string; action: string; customerId?: string; by: string; byName: string };

/** The tenant's audit log, newest first: who deleted, restored or erased what. */
export class AuditRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly tenantId: string,
  ) {}

  async latest(options: {
    cursor?: string;
    limit: number;
  }): Promise<{ items: AuditEntry[]; nextCursor?: string }> {
    const partition = collections.audit(this.tenantId);
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": partition },
        ScanIndexForward: false,
        ExclusiveStartKey: decodeCursor(options.cursor, {
          attributes: ["pk", "sk"],
          partition: { name: "pk", value: partition },
        }),
        Limit: options.limit,
      }),
    );
    const items = (page.Items ?? []).map(
      (item): AuditEntry => ({
        at: item.at,
        action: item.action,
        customerId: item.customerId,
        by: item.by,
        byName: item.byName,
      }),
    );
    return { items, nextCursor: encodeCursor(page.LastEvaluatedKey) };
  }
}

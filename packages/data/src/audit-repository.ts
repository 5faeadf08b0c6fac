import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { collections } from "./keys.js";
import { latestInPartition } from "./paging.js";

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
    const page = await latestInPartition(this.doc, this.tableName, {
      partition: collections.audit(this.tenantId),
      ...options,
    });
    const items = page.items.map(
      (item): AuditEntry => ({
        at: item.at as string,
        action: item.action as string,
        customerId: item.customerId as string | undefined,
        by: item.by as string,
        byName: item.byName as string,
      }),
    );
    return { items, nextCursor: page.nextCursor };
  }
}

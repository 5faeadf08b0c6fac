import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { keys } from "./keys.js";

/** Where an upgrade of a tenant's stored items stands: done, or the key to go on from. */
export type UpgradeState = { done: boolean; cursor?: Record<string, unknown>; upgraded: number };

/**
 * Upgrades of a tenant's stored items that a new version of the code needs
 * (an index key that older items lack), each run in bounded steps with its
 * progress kept here, so a big tenant is upgraded over several calls.
 */
export class UpgradeRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly tenantId: string,
  ) {}

  async state(name: string): Promise<UpgradeState> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.dataUpgrade(this.tenantId, name),
        ConsistentRead: true,
      }),
    );
    return {
      done: Item?.done === true,
      upgraded: (Item?.upgraded as number | undefined) ?? 0,
      ...(Item?.cursor ? { cursor: Item.cursor as Record<string, unknown> } : {}),
    };
  }

  async save(name: string, state: UpgradeState, now: string): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.dataUpgrade(this.tenantId, name), ...state, updatedAt: now },
      }),
    );
  }
}

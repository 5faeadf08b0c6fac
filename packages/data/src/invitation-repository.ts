import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { keys } from "./keys.js";

export type Invitation = { userId: string; email: string; expiresAt: number };

/**
 * Invitations are stored by the hash of their token, so a leaked table backup
 * cannot be used to accept one.
 */
export class InvitationRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly tenantId: string,
  ) {}

  async save(tokenHash: string, invitation: Invitation): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.invitation(this.tenantId, tokenHash), ...invitation },
      }),
    );
  }

  /** The invitation, unless it does not exist or has expired. */
  async find(tokenHash: string, nowSeconds: number): Promise<Invitation | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.invitation(this.tenantId, tokenHash) }),
    );
    if (!Item || (Item.expiresAt as number) <= nowSeconds) return undefined;
    return { userId: Item.userId, email: Item.email, expiresAt: Item.expiresAt };
  }

  async remove(tokenHash: string): Promise<void> {
    await this.doc.send(
      new DeleteCommand({ TableName: this.tableName, Key: keys.invitation(this.tenantId, tokenHash) }),
    );
  }
}

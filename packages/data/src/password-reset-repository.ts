import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { keys } from "./keys.js";
import { failedConditions, retryOnConflict } from "./transactions.js";

export type PasswordReset = { userId: string; email: string; expiresAt: number };

/** Where a user stands with reset links, from their record. */
export type ResetStanding = {
  active: boolean;
  passwordSet: boolean;
  /** The hash of the one live reset link; a link whose hash is not this one is dead. */
  resetHash?: string;
};

/** A link taken: who it was for, to put back if the password cannot be set. */
export type ConsumedPasswordReset = PasswordReset & { tokenHash: string };

type Actions = NonNullable<TransactWriteCommandInput["TransactItems"]>;

/**
 * Password reset links of people who have joined, kept as invitation links
 * are (InvitationRepository): stored by the hash of their token, at most one
 * live link per person (their record holds its hash; issuing a new one
 * deletes the old in the same transaction), and taken in one conditional
 * transaction, so a used, replaced or expired link, or a second use racing
 * the first, changes nothing. A reset changes neither the person's version
 * nor anything an admin sees of them.
 */
export class PasswordResetRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly tenantId: string,
  ) {}

  async standing(userId: string): Promise<ResetStanding | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.user(this.tenantId, userId),
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    return {
      active: Item.active,
      passwordSet: Item.passwordSet,
      ...(Item.resetHash && { resetHash: Item.resetHash }),
    };
  }

  /**
   * Makes tokenHash the person's one live reset link, replacing `replaces`.
   * False when their record moved since it was read (another link issued,
   * deactivated): the caller reads again and decides.
   */
  async issue(tokenHash: string, reset: PasswordReset, replaces: string | undefined): Promise<boolean> {
    const actions: Actions = [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.passwordReset(this.tenantId, tokenHash), ...reset },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: keys.user(this.tenantId, reset.userId),
          UpdateExpression: "SET resetHash = :hash",
          ConditionExpression: `attribute_exists(pk) AND active = :yes AND passwordSet = :yes AND ${
            replaces ? "resetHash = :previous" : "attribute_not_exists(resetHash)"
          }`,
          ExpressionAttributeValues: {
            ":hash": tokenHash,
            ":yes": true,
            ...(replaces && { ":previous": replaces }),
          },
        },
      },
    ];
    if (replaces) {
      actions.push({
        Delete: { TableName: this.tableName, Key: keys.passwordReset(this.tenantId, replaces) },
      });
    }
    return this.transact(actions);
  }

  /**
   * Takes a link: deletes it and clears it from its person, in one
   * transaction that holds only while the link exists, has not expired and is
   * the person's live one, and the person is active. Undefined otherwise.
   */
  async consume(tokenHash: string, nowSeconds: number): Promise<ConsumedPasswordReset | undefined> {
    const linkKey = keys.passwordReset(this.tenantId, tokenHash);
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: linkKey, ConsistentRead: true }),
    );
    if (!Item || (Item.expiresAt as number) <= nowSeconds) return undefined;
    const reset: PasswordReset = { userId: Item.userId, email: Item.email, expiresAt: Item.expiresAt };
    const taken = await this.transact([
      {
        Delete: {
          TableName: this.tableName,
          Key: linkKey,
          ConditionExpression: "attribute_exists(pk) AND expiresAt > :now",
          ExpressionAttributeValues: { ":now": nowSeconds },
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: keys.user(this.tenantId, reset.userId),
          UpdateExpression: "REMOVE resetHash",
          ConditionExpression: "active = :yes AND passwordSet = :yes AND resetHash = :hash",
          ExpressionAttributeValues: { ":yes": true, ":hash": tokenHash },
        },
      },
    ]);
    return taken ? { ...reset, tokenHash } : undefined;
  }

  /**
   * Undoes a consume whose password could not be set: the link works again.
   * False when the person's record moved meanwhile (a newer link, deactivated).
   */
  async restore(consumed: ConsumedPasswordReset): Promise<boolean> {
    const { tokenHash, ...reset } = consumed;
    return this.transact([
      {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.passwordReset(this.tenantId, tokenHash), ...reset },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: keys.user(this.tenantId, reset.userId),
          UpdateExpression: "SET resetHash = :hash",
          ConditionExpression: "active = :yes AND attribute_not_exists(resetHash)",
          ExpressionAttributeValues: { ":yes": true, ":hash": tokenHash },
        },
      },
    ]);
  }

  /** True when written; false when a condition failed. */
  private async transact(actions: Actions): Promise<boolean> {
    try {
      await retryOnConflict(() => this.doc.send(new TransactWriteCommand({ TransactItems: actions })));
      return true;
    } catch (error) {
      if (failedConditions(error)) return false;
      throw error;
    }
  }
}

import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { keys } from "./keys.js";
import { failedConditions, retryOnConflict } from "./transactions.js";

export type Invitation = { userId: string; email: string; expiresAt: number };

/** Where a user stands with invitations, from their record. */
export type InvitationStanding = {
  active: boolean;
  passwordSet: boolean;
  /** The hash of the one live link; a link whose hash is not this one is dead. */
  invitationHash?: string;
  /** When an invitation was accepted; unset for people who signed up or never joined. */
  joinedAt?: string;
};

/** What an issue is made against: the link it replaces, or a joining that never finished. */
export type IssueBasis = { replaces: string | undefined } | { reopensJoinedAt: string };

/** A link taken: who it was for and the joining it started, to undo if the password cannot be set. */
export type ConsumedInvitation = Invitation & { tokenHash: string; joinedAt: string };

type Actions = NonNullable<TransactWriteCommandInput["TransactItems"]>;

/**
 * Invitations are stored by the hash of their token, so a leaked table backup
 * cannot be used to accept one. A person has at most one live link: their
 * record holds its hash, issuing a new one deletes the old one in the same
 * transaction, and taking one is one conditional transaction too, so a used,
 * replaced or expired link, or a second accept racing the first, changes nothing.
 */
export class InvitationRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly tenantId: string,
  ) {}

  async standing(userId: string): Promise<InvitationStanding | undefined> {
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
      ...(Item.invitationHash && { invitationHash: Item.invitationHash }),
      ...(Item.joinedAt && { joinedAt: Item.joinedAt }),
    };
  }

  /**
   * Makes tokenHash the user's one live link. False when the user's record
   * moved since `basis` was read (another link issued, the person joined):
   * the caller reads again and decides.
   */
  async issue(tokenHash: string, invitation: Invitation, basis: IssueBasis, now: string): Promise<boolean> {
    const userKey = keys.user(this.tenantId, invitation.userId);
    const values: Record<string, unknown> = { ":hash": tokenHash, ":no": false };
    const actions: Actions = [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.invitation(this.tenantId, tokenHash), ...invitation },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
    ];
    if ("reopensJoinedAt" in basis) {
      // A joining that stopped before the password was set: the person is invited again.
      actions.push({
        Update: {
          TableName: this.tableName,
          Key: userKey,
          UpdateExpression:
            "SET invitationHash = :hash, passwordSet = :no, updatedAt = :now, #version = #version + :one REMOVE joinedAt",
          ConditionExpression: "passwordSet = :yes AND joinedAt = :joinedAt",
          ExpressionAttributeNames: { "#version": "version" },
          ExpressionAttributeValues: {
            ...values,
            ":yes": true,
            ":joinedAt": basis.reopensJoinedAt,
            ":now": now,
            ":one": 1,
          },
        },
      });
    } else {
      actions.push({
        Update: {
          TableName: this.tableName,
          Key: userKey,
          UpdateExpression: "SET invitationHash = :hash",
          ConditionExpression: `attribute_exists(pk) AND passwordSet = :no AND ${
            basis.replaces ? "invitationHash = :previous" : "attribute_not_exists(invitationHash)"
          }`,
          ExpressionAttributeValues: { ...values, ...(basis.replaces && { ":previous": basis.replaces }) },
        },
      });
      if (basis.replaces) {
        actions.push({
          Delete: { TableName: this.tableName, Key: keys.invitation(this.tenantId, basis.replaces) },
        });
      }
    }
    return this.transact(actions);
  }

  /**
   * Takes a link: deletes it and marks its person as having joined, in one
   * transaction that holds only while the link exists, has not expired, is the
   * person's live one and the person has not joined. Undefined otherwise.
   */
  async consume(tokenHash: string, nowSeconds: number, now: string): Promise<ConsumedInvitation | undefined> {
    const invitationKey = keys.invitation(this.tenantId, tokenHash);
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: invitationKey, ConsistentRead: true }),
    );
    if (!Item || (Item.expiresAt as number) <= nowSeconds) return undefined;
    const invitation: Invitation = { userId: Item.userId, email: Item.email, expiresAt: Item.expiresAt };
    const taken = await this.transact([
      {
        Delete: {
          TableName: this.tableName,
          Key: invitationKey,
          ConditionExpression: "attribute_exists(pk) AND expiresAt > :now",
          ExpressionAttributeValues: { ":now": nowSeconds },
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: keys.user(this.tenantId, invitation.userId),
          UpdateExpression:
            "SET passwordSet = :yes, joinedAt = :at, updatedAt = :at, #version = #version + :one REMOVE invitationHash",
          ConditionExpression: "active = :yes AND passwordSet = :no AND invitationHash = :hash",
          ExpressionAttributeNames: { "#version": "version" },
          ExpressionAttributeValues: {
            ":yes": true,
            ":no": false,
            ":hash": tokenHash,
            ":at": now,
            ":one": 1,
          },
        },
      },
    ]);
    return taken ? { ...invitation, tokenHash, joinedAt: now } : undefined;
  }

  /**
   * Undoes a consume whose password could not be set: the link works again.
   * False when the record moved meanwhile (then an admin issues a new link).
   */
  async restore(consumed: ConsumedInvitation, now: string): Promise<boolean> {
    const { tokenHash, joinedAt, ...invitation } = consumed;
    return this.transact([
      {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.invitation(this.tenantId, tokenHash), ...invitation },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: keys.user(this.tenantId, invitation.userId),
          UpdateExpression:
            "SET passwordSet = :no, invitationHash = :hash, updatedAt = :now, #version = #version + :one REMOVE joinedAt",
          ConditionExpression:
            "passwordSet = :yes AND joinedAt = :joinedAt AND attribute_not_exists(invitationHash)",
          ExpressionAttributeNames: { "#version": "version" },
          ExpressionAttributeValues: {
            ":yes": true,
            ":no": false,
            ":hash": tokenHash,
            ":joinedAt": joinedAt,
            ":now": now,
            ":one": 1,
          },
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

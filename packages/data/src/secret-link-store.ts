import {
  type DynamoDBDocumentClient,
  GetCommand,
  type GetCommandOutput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { type ItemKey, keys } from "./keys.js";
import { failedConditions, retryOnConflict } from "./transactions.js";

/**
 * A secret link (an invitation, a password reset) as stored, by the hash of
 * its token. `issuedBy`: an admin issued it, or the person asked for it by
 * email (password resets; unset on links stored before it was kept).
 */
export type SecretLink = {
  userId: string;
  email: string;
  expiresAt: number;
  issuedBy?: "admin" | "requested";
};

/** A link taken: who it was for, to put back if the password cannot be set. */
export type TakenLink = SecretLink & { tokenHash: string };

/** Where a person stands with one kind of link, from their record. */
export type LinkStanding = {
  active: boolean;
  passwordSet: boolean;
  /** The hash of the person's one live link of the kind; a link whose hash is not this one is dead. */
  liveHash?: string;
};

/** The kind of a link: where its items are kept and which attribute of the person's record holds its hash. */
export type SecretLinkKind = {
  key: (tenantId: string, tokenHash: string) => ItemKey;
  hashAttribute: "invitationHash" | "resetHash";
};

/**
 * What a link's write also asks of and does to the person's record, beside
 * the live-link hash that the store keeps: a condition on the record (with its
 * names and values), and what else to SET and REMOVE.
 */
export type HolderChange = {
  condition: string;
  set?: string[];
  remove?: string[];
  names?: Record<string, string>;
  values?: Record<string, unknown>;
};

/** A link as its item holds it. */
const linkOf = (item: Record<string, unknown>): SecretLink => ({
  userId: item.userId as string,
  email: item.email as string,
  expiresAt: item.expiresAt as number,
  ...(item.issuedBy === "admin" || item.issuedBy === "requested" ? { issuedBy: item.issuedBy } : {}),
});

/** The person's record as read. */
type UserRecord = NonNullable<GetCommandOutput["Item"]>;

type Actions = NonNullable<TransactWriteCommandInput["TransactItems"]>;

/**
 * One kind of secret link a person is handed to set a password with: links
 * are stored by the hash of their token, so a leaked table backup cannot be
 * used to take one. A person has at most one live link of a kind: their record
 * holds its hash, issuing a new one deletes the old one in the same
 * transaction, and taking one is one conditional transaction too, so a used,
 * replaced or expired link, or a second use racing the first, changes nothing.
 */
export class SecretLinkStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly tenantId: string,
    private readonly kind: SecretLinkKind,
  ) {}

  /** The person's record, read consistently; undefined when there is no such person. */
  async holder(userId: string): Promise<UserRecord | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.user(this.tenantId, userId),
        ConsistentRead: true,
      }),
    );
    return Item;
  }

  /** Where the person whose record this is stands with this kind of link. */
  standingIn(record: UserRecord): LinkStanding {
    const liveHash = record[this.kind.hashAttribute];
    return { active: record.active, passwordSet: record.passwordSet, ...(liveHash && { liveHash }) };
  }

  async standing(userId: string): Promise<LinkStanding | undefined> {
    const record = await this.holder(userId);
    return record && this.standingIn(record);
  }

  /** The link stored under tokenHash, read consistently, expired or not; undefined when there is none. */
  async find(tokenHash: string): Promise<SecretLink | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: this.kind.key(this.tenantId, tokenHash),
        ConsistentRead: true,
      }),
    );
    return Item && linkOf(Item);
  }

  /**
   * Makes tokenHash the person's one live link in place of `replaces` (none:
   * the record must hold no live link), deleting that one, while the record
   * meets `holder`. False when it does not or moved since it was read: the
   * caller reads again and decides.
   */
  async issue(
    tokenHash: string,
    link: SecretLink,
    replaces: string | undefined,
    holder: HolderChange,
  ): Promise<boolean> {
    const hash = this.kind.hashAttribute;
    const actions: Actions = [
      this.putLink(tokenHash, link),
      this.changeHolder(link.userId, tokenHash, holder, {
        set: [`${hash} = :hash`],
        conditions: [
          "attribute_exists(pk)",
          replaces ? `${hash} = :previous` : `attribute_not_exists(${hash})`,
        ],
        values: replaces ? { ":previous": replaces } : {},
      }),
    ];
    if (replaces) {
      actions.push({ Delete: { TableName: this.tableName, Key: this.kind.key(this.tenantId, replaces) } });
    }
    return this.transact(actions);
  }

  /**
   * Makes tokenHash the person's one live link by a change whose condition
   * alone tells that they hold none (no link is replaced). False when the
   * record does not meet it.
   */
  async issueWith(tokenHash: string, link: SecretLink, holder: HolderChange): Promise<boolean> {
    return this.transact([
      this.putLink(tokenHash, link),
      this.changeHolder(link.userId, tokenHash, holder, { set: [`${this.kind.hashAttribute} = :hash`] }),
    ]);
  }

  /**
   * Takes a link: deletes it and clears it from its person (changing their
   * record by `holder` too), in one transaction that holds only while the link
   * exists, has not expired and is the person's live one, and the record meets
   * `holder`. Undefined otherwise.
   */
  async take(tokenHash: string, nowSeconds: number, holder: HolderChange): Promise<TakenLink | undefined> {
    const linkKey = this.kind.key(this.tenantId, tokenHash);
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: linkKey, ConsistentRead: true }),
    );
    if (!Item || (Item.expiresAt as number) <= nowSeconds) return undefined;
    const link = linkOf(Item);
    const taken = await this.transact([
      {
        Delete: {
          TableName: this.tableName,
          Key: linkKey,
          ConditionExpression: "attribute_exists(pk) AND expiresAt > :now",
          ExpressionAttributeValues: { ":now": nowSeconds },
        },
      },
      this.changeHolder(link.userId, tokenHash, holder, {
        remove: [this.kind.hashAttribute],
        conditions: [`${this.kind.hashAttribute} = :hash`],
      }),
    ]);
    return taken ? { ...link, tokenHash } : undefined;
  }

  /**
   * Undoes a take whose password could not be set: the link works again, and
   * is the person's live one, while their record holds no live link and meets
   * `holder`. False otherwise (the record moved meanwhile).
   */
  async putBack(taken: TakenLink, holder: HolderChange): Promise<boolean> {
    const { tokenHash, ...link } = taken;
    const hash = this.kind.hashAttribute;
    return this.transact([
      this.putLink(tokenHash, link),
      this.changeHolder(link.userId, tokenHash, holder, {
        set: [`${hash} = :hash`],
        conditions: [`attribute_not_exists(${hash})`],
      }),
    ]);
  }

  private putLink(tokenHash: string, link: SecretLink): Actions[number] {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...this.kind.key(this.tenantId, tokenHash), ...link },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    };
  }

  /**
   * The update of the person's record that goes with a link's write: what
   * the store does to the live-link hash (`own`, with `:hash` the link's),
   * joined to what the kind asks (`holder`).
   */
  private changeHolder(
    userId: string,
    tokenHash: string,
    holder: HolderChange,
    own: { set?: string[]; remove?: string[]; conditions?: string[]; values?: Record<string, unknown> },
  ): Actions[number] {
    const set = [...(own.set ?? []), ...(holder.set ?? [])];
    const remove = [...(own.remove ?? []), ...(holder.remove ?? [])];
    return {
      Update: {
        TableName: this.tableName,
        Key: keys.user(this.tenantId, userId),
        UpdateExpression: [
          set.length > 0 && `SET ${set.join(", ")}`,
          remove.length > 0 && `REMOVE ${remove.join(", ")}`,
        ]
          .filter(Boolean)
          .join(" "),
        ConditionExpression: [holder.condition, ...(own.conditions ?? [])].join(" AND "),
        ...(holder.names && { ExpressionAttributeNames: holder.names }),
        ExpressionAttributeValues: { ...holder.values, ...own.values, ":hash": tokenHash },
      },
    };
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

import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import {
  activeAdminDelta,
  fail,
  type Locale,
  lastAdminError,
  type Role,
  staleVersion,
  type User,
  type UserPatch,
  userStatus,
} from "@crm/domain";
import type { ItemCache } from "./item-cache.js";
import { collections, keys } from "./keys.js";
import { queryAll } from "./paging.js";
import { failedConditions, retryOnConflict } from "./transactions.js";

type UserItem = {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  passwordSet: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** The hash of the person's one live invitation link, and when they joined by one: see InvitationRepository. */
  invitationHash?: string;
  joinedAt?: string;
  /** The hash of the person's one live password reset link: see PasswordResetRepository. */
  resetHash?: string;
  /** The language the CRM writes to the person in (emails); unset: the tenant's. */
  locale?: Locale;
  /** Tokens issued before this (epoch seconds) are refused: set when the password changes. */
  sessionsValidFrom?: number;
};

export type NewUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  passwordSet: boolean;
  locale?: Locale;
};

export class UserRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly tenantId: string,
    /**
     * Where user records are kept a few seconds between requests (store.ts:
     * itemCacheMs): a deactivation, a role change or ended sessions written
     * by another process apply within that bound; through this one, at once.
     */
    private readonly cache?: ItemCache,
  ) {}

  /**
   * The user. With `tokenIssuedAt` (a token's iat, epoch seconds), a token
   * issued before the person's sessions were ended (a password change or
   * reset) finds nobody, as a token of a user who does not exist.
   */
  async find(userId: string, session?: { tokenIssuedAt: number }): Promise<User | undefined> {
    const key = keys.user(this.tenantId, userId);
    const read = async (consistentRead: boolean) =>
      (
        await this.doc.send(
          new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: consistentRead }),
        )
      ).Item;
    // What is kept for seconds is read consistently: an eventually consistent read just after a
    // deactivation or role change could otherwise keep the old record for the whole bound.
    const Item = this.cache
      ? await this.cache.read(this.tableName, key, () => read(true))
      : await read(false);
    if (!Item) return undefined;
    const item = Item as UserItem;
    if (session && item.sessionsValidFrom !== undefined && session.tokenIssuedAt < item.sessionsValidFrom) {
      return undefined;
    }
    return toUser(item);
  }

  /**
   * Ends every session of the person begun before `validFrom` (epoch
   * seconds): their tokens find nobody from now on (see find). Never moves
   * the boundary back. Their live password reset link dies in the same
   * write: it was handed out for a password that is no longer theirs. A reset
   * link issued or taken meanwhile moves the record: it is read again.
   */
  async endSessionsBefore(userId: string, validFrom: number): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const { Item } = await this.doc.send(
        new GetCommand({
          TableName: this.tableName,
          Key: keys.user(this.tenantId, userId),
          ProjectionExpression: "pk, resetHash, sessionsValidFrom",
          ConsistentRead: true,
        }),
      );
      // The user is gone, or a later boundary is set already (and that write killed the link): nothing to end.
      if (!Item || (Item.sessionsValidFrom !== undefined && Item.sessionsValidFrom >= validFrom)) return;
      const resetHash = Item.resetHash as string | undefined;
      const actions: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]> = [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.user(this.tenantId, userId),
            UpdateExpression: `SET sessionsValidFrom = :from${resetHash ? " REMOVE resetHash" : ""}`,
            ConditionExpression: [
              "attribute_exists(pk)",
              "(attribute_not_exists(sessionsValidFrom) OR sessionsValidFrom < :from)",
              resetHash ? "resetHash = :reset" : "attribute_not_exists(resetHash)",
            ].join(" AND "),
            ExpressionAttributeValues: { ":from": validFrom, ...(resetHash && { ":reset": resetHash }) },
          },
        },
      ];
      if (resetHash) {
        actions.push({
          Delete: { TableName: this.tableName, Key: keys.passwordReset(this.tenantId, resetHash) },
        });
      }
      try {
        await retryOnConflict(() => this.doc.send(new TransactWriteCommand({ TransactItems: actions })));
        return;
      } catch (error) {
        if (!failedConditions(error)) throw error;
      }
    }
    throw new Error("the sessions of a person whose record kept moving could not be ended");
  }

  async get(userId: string): Promise<User> {
    const user = await this.find(userId);
    if (!user) throw fail("user-not-found");
    return user;
  }

  /** Everyone in the tenant, by name. A tenant has tens or hundreds of users: one partition. */
  async list(): Promise<User[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": collections.users(this.tenantId) },
    });
    const users = items.map((item) => toUser(item as UserItem));
    return users.sort((a, b) => a.name.localeCompare(b.name));
  }

  async create(user: NewUser, now: string): Promise<User> {
    const item = userItem(this.tenantId, user, now);
    const actions: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]> = [
      { Put: { TableName: this.tableName, Item: item, ConditionExpression: "attribute_not_exists(pk)" } },
    ];
    if (user.role === "admin") actions.push(this.adminCountChange(1));
    await retryOnConflict(() => this.doc.send(new TransactWriteCommand({ TransactItems: actions })));
    return toUser(item);
  }

  /**
   * Changes role or active flag against expectedVersion. The count of active
   * admins moves in the same transaction and may not drop below one, so two
   * admins demoting each other at once cannot leave the tenant without one.
   */
  async update(userId: string, patch: UserPatch, expectedVersion: number, now: string): Promise<User> {
    return retryOnConflict(() => this.updateOnce(userId, patch, expectedVersion, now));
  }

  private async updateOnce(
    userId: string,
    patch: UserPatch,
    expectedVersion: number,
    now: string,
  ): Promise<User> {
    // One consistent read: the user as edited, and the live links a deactivation kills.
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.user(this.tenantId, userId),
        ConsistentRead: true,
      }),
    );
    if (!Item) throw fail("user-not-found");
    const stored = Item as UserItem;
    const before = toUser(stored);
    if (before.version !== expectedVersion) throw staleVersion(before.version);
    const delta = activeAdminDelta(before, patch);
    const sets = ["#version = #version + :one", "updatedAt = :now"];
    const names: Record<string, string> = { "#version": "version" };
    const values: Record<string, unknown> = { ":expected": expectedVersion, ":one": 1, ":now": now };
    if (patch.role !== undefined) {
      sets.push("#role = :role");
      names["#role"] = "role";
      values[":role"] = patch.role;
    }
    if (patch.active !== undefined) {
      sets.push("active = :active");
      values[":active"] = patch.active;
    }
    // Deactivating someone kills their live invitation or reset link for good: reactivating them does not revive it.
    const { invitationHash: revoked, resetHash: revokedReset } = patch.active === false ? stored : {};
    const removes = [revoked && "invitationHash", revokedReset && "resetHash"].filter(Boolean);
    const actions: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]> = [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.user(this.tenantId, userId),
          UpdateExpression: `SET ${sets.join(", ")}${removes.length > 0 ? ` REMOVE ${removes.join(", ")}` : ""}`,
          ConditionExpression: "attribute_exists(pk) AND #version = :expected",
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
    ];
    if (delta !== 0) actions.push(this.adminCountChange(delta));
    if (revoked) {
      actions.push({ Delete: { TableName: this.tableName, Key: keys.invitation(this.tenantId, revoked) } });
    }
    if (revokedReset) {
      actions.push({
        Delete: { TableName: this.tableName, Key: keys.passwordReset(this.tenantId, revokedReset) },
      });
    }
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: actions }));
    } catch (error) {
      const failed = failedConditions(error);
      if (failed?.includes(0)) throw staleVersion((await this.get(userId)).version);
      if (failed?.includes(1)) throw lastAdminError();
      throw error;
    }
    return this.get(userId);
  }

  private adminCountChange(delta: number) {
    return {
      Update: {
        TableName: this.tableName,
        Key: keys.adminCount(this.tenantId),
        UpdateExpression: "ADD activeAdmins :delta",
        ...(delta < 0 && { ConditionExpression: "activeAdmins > :one" }),
        ExpressionAttributeValues: { ":delta": delta, ...(delta < 0 && { ":one": 1 }) },
      },
    };
  }
}

export function userItem(
  tenantId: string,
  user: NewUser,
  now: string,
): UserItem & { pk: string; sk: string } {
  return {
    ...keys.user(tenantId, user.id),
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    active: true,
    passwordSet: user.passwordSet,
    ...(user.locale && { locale: user.locale }),
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
}

function toUser(item: UserItem): User {
  return {
    id: item.id,
    email: item.email,
    name: item.name,
    role: item.role,
    active: item.active,
    status: userStatus(item),
    ...(item.locale && { locale: item.locale }),
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    version: item.version,
  };
}

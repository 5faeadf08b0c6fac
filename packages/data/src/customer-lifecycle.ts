import {
  DeleteCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { type Customer, fail } from "@crm/domain";
import { deleteAll, inBatches } from "./batch.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { type Actor, type CustomerItems, claimsOf, MAX_REWRITES, toCustomer } from "./customer-item.js";
import { collections } from "./keys.js";
import { queryAll } from "./paging.js";
import { failedConditions, isConditionFailure, pauseBeforeRewrite, retryOnConflict } from "./transactions.js";

export type DeletedCustomer = Customer & {
  deletedAt: string;
  deletedBy?: string;
  /** Bookkeeping read with it (findDeleted): the aggregates' version, which a restore keeps. */
  purchasesVersion?: number;
};

/**
 * A customer's end of life: soft delete (out of every list, its emails and
 * phones still claimed), restore, erase for good, and the Deleted lists.
 * How long a deleted customer stays restorable is the domain's rule; here
 * are only the writes and the conditions that keep them safe.
 */
export class CustomerLifecycle {
  constructor(private readonly items: CustomerItems) {}

  /**
   * Deletes softly the live customer, read consistently: it leaves every list
   * (its index keys and tag items go) but keeps its emails and phones, so it
   * can be restored. Recorded in its history and the tenant's audit log.
   * Written only over the profile as read, its aggregates' version included:
   * when another writer moved it meanwhile (an edit, a transaction, another
   * delete), it is read again and the delete made over what is there now; a
   * customer deleted or merged meanwhile answers as it would read alone.
   */
  /**
   * `mayDelete` is asked of every version read, the first and each one read
   * again after a race: a customer reassigned meanwhile to someone the caller
   * may not see is refused, not deleted.
   */
  async softDelete(
    customerId: string,
    by: Actor,
    now: string,
    mayDelete: (customer: Customer) => Promise<void> | void = () => undefined,
  ): Promise<void> {
    await retryOnConflict(() => this.softDeleteAsRead(customerId, by, now, mayDelete));
  }

  private async softDeleteAsRead(
    customerId: string,
    by: Actor,
    now: string,
    mayDelete: (customer: Customer) => Promise<void> | void,
    attempt = 1,
  ): Promise<void> {
    const { tableName, tenantId } = this.items;
    const raw = await this.items.live(customerId);
    const before = toCustomer(raw);
    await mayDelete(before);
    const purchasesVersion = (raw.purchasesVersion as number | undefined) ?? 0;
    const { gsi1pk: _1, gsi1sk: _2, gsi2pk: _3, gsi2sk: _4, ...kept } = this.items.profile(before);
    try {
      await this.items.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: {
                  ...kept,
                  // Its score item goes with its lists: the profile keeps the score for a restore.
                  ...(before.score && { score: before.score }),
                  purchasesVersion,
                  version: before.version + 1,
                  deletedAt: now,
                  deletedBy: by.id,
                  gsi3pk: collections.deletedCustomers(tenantId),
                  gsi3sk: `${now}#${customerId}`,
                  // The owner's own Deleted list: a rep reads only theirs.
                  gsi2pk: collections.deletedCustomersByOwner(tenantId, before.ownerId),
                  gsi2sk: `${now}#${customerId}`,
                },
                ConditionExpression:
                  "#version = :version AND attribute_not_exists(deletedAt) AND attribute_not_exists(mergedInto) AND (purchasesVersion = :pv OR attribute_not_exists(purchasesVersion))",
                ExpressionAttributeNames: { "#version": "version" },
                ExpressionAttributeValues: { ":version": before.version, ":pv": purchasesVersion },
              },
            },
            ...this.items.listingChanges(before, undefined),
            this.items.historyPut(customerId, {
              at: now,
              by: by.id,
              byName: by.name,
              action: "deleted",
              changes: [],
            }),
            this.items.auditPut("customer.deleted", customerId, by, now),
          ],
        }),
      );
    } catch (error) {
      // Another writer moved the profile: read it again (a delete or a merge meanwhile then answers) and delete that.
      if (failedConditions(error)?.includes(0) && attempt < MAX_REWRITES) {
        await pauseBeforeRewrite(attempt);
        return this.softDeleteAsRead(customerId, by, now, mayDelete, attempt + 1);
      }
      throw error;
    }
  }

  /** A deleted customer (read consistently), with when and by whom; undefined when it is not deleted. */
  async findDeleted(customerId: string): Promise<DeletedCustomer | undefined> {
    const item = await this.items.stored(customerId, { consistent: true });
    const deletedAt = item?.deletedAt as string | undefined;
    if (!item || !deletedAt) return undefined;
    return {
      ...toCustomer(item),
      deletedAt,
      ...(item.deletedBy !== undefined && { deletedBy: item.deletedBy as string }),
      ...(item.purchasesVersion !== undefined && { purchasesVersion: item.purchasesVersion as number }),
    };
  }

  /**
   * Brings a deleted customer back, as it was read (nothing but a restore,
   * an erase or a purge writes a deleted profile, so the copy read is the
   * stored one, its aggregates' version included). A restore, erase or delete
   * meanwhile makes it fail as a second restore does: nothing to restore.
   */
  async restore(deleted: DeletedCustomer, by: Actor, now: string): Promise<Customer> {
    const { deletedAt, deletedBy: _by, purchasesVersion = 0, ...before } = deleted;
    const customerId = before.id;
    const after: Customer = { ...before, updatedAt: now, lastActivityAt: now, version: before.version + 1 };
    const write: TransactWriteCommandInput = {
      TransactItems: [
        {
          Put: {
            TableName: this.items.tableName,
            Item: { ...this.items.profile(after), purchasesVersion },
            ConditionExpression: "deletedAt = :deletedAt",
            ExpressionAttributeValues: { ":deletedAt": deletedAt },
          },
        },
        ...this.items.listingChanges(undefined, after),
        this.items.historyPut(customerId, {
          at: now,
          by: by.id,
          byName: by.name,
          action: "restored",
          changes: [],
        }),
        this.items.auditPut("customer.restored", customerId, by, now),
      ],
    };
    try {
      await retryOnConflict(() => this.items.doc.send(new TransactWriteCommand(write)));
    } catch (error) {
      if (failedConditions(error)?.includes(0)) throw fail("restorable-customer-not-found");
      throw error;
    }
    return after;
  }

  /**
   * Removes the customer and everything about it for good (a privacy request):
   * its claims, its history, tags and every other item in its partition. The
   * audit entry, written first, keeps only the id. Safe to run again after an
   * interruption: the profile goes last, then a last sweep of the partition.
   */
  async erase(customerId: string, by: Actor, now: string): Promise<void> {
    const { doc, tableName } = this.items;
    const item = await this.items.stored(customerId, { consistent: true });
    if (!item) throw fail("customer-not-found");
    const customer = toCustomer(item);
    await doc.send(
      new PutCommand({
        TableName: tableName,
        Item: this.items.auditItem("customer.erased", customerId, by, now),
      }),
    );
    for (const claim of claimsOf(customer)) {
      const release = new DeleteCommand(this.items.claimRelease(claim, customerId).Delete);
      await doc.send(release).catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error;
      });
    }
    const profile = this.items.key(customerId);
    const items = await queryAll(doc, {
      TableName: tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": profile.pk },
      ProjectionExpression: "pk, sk",
    });
    await deleteAll(
      doc,
      tableName,
      items.filter((item) => item.sk !== profile.sk),
    );
    await doc.send(new DeleteCommand({ TableName: tableName, Key: profile }));
    // Items a night's scoring wrote meanwhile (it checks the profile after writing them, so it saw it still here).
    const late = await queryAll(doc, {
      TableName: tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": profile.pk },
      ProjectionExpression: "pk, sk",
      ConsistentRead: true,
    });
    await deleteAll(doc, tableName, late);
  }

  /** Deleted customers, most recently deleted first (those still restorable, and any not yet purged). */
  async listDeleted(options: {
    /** Only this owner's, from their own partition (what a rep reads). */
    ownerId?: string;
    cursor?: string;
    limit: number;
  }): Promise<{ items: DeletedCustomer[]; nextCursor?: string }> {
    const { tenantId } = this.items;
    const index = options.ownerId === undefined ? "gsi3" : "gsi2";
    const partition =
      options.ownerId === undefined
        ? collections.deletedCustomers(tenantId)
        : collections.deletedCustomersByOwner(tenantId, options.ownerId);
    const page = await this.items.doc.send(
      new QueryCommand({
        TableName: this.items.tableName,
        IndexName: index,
        KeyConditionExpression: `${index}pk = :p`,
        ExpressionAttributeValues: { ":p": partition },
        ScanIndexForward: false,
        ExclusiveStartKey: decodeCursor(options.cursor, {
          attributes: ["pk", "sk", `${index}pk`, `${index}sk`],
          partition: { name: `${index}pk`, value: partition },
        }),
        Limit: options.limit,
      }),
    );
    const items = (page.Items ?? []).map((item) => ({
      ...toCustomer(item),
      deletedAt: item.deletedAt as string,
    }));
    return { items, nextCursor: encodeCursor(page.LastEvaluatedKey) };
  }

  /**
   * Upgrade to owner-scoped Deleted lists, one page of the tenant's deleted
   * customers (newest first) at a time: a customer deleted before those lists
   * existed gets its place in its owner's (the gsi2 keys softDelete writes
   * now). Each is written only while it is still deleted as read, by the same
   * owner, and still lacks the keys, so a restore, a purge or a later delete
   * meanwhile is left as it is; a page written twice changes nothing more.
   * `rewritten` counts the customers that got their keys.
   */
  async rewriteDeletedListings(
    cursor: Record<string, unknown> | undefined,
    limit: number,
  ): Promise<{ rewritten: number; next?: Record<string, unknown> }> {
    const { doc, tableName, tenantId } = this.items;
    const page = await doc.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: "gsi3",
        KeyConditionExpression: "gsi3pk = :p",
        ExpressionAttributeValues: { ":p": collections.deletedCustomers(tenantId) },
        ScanIndexForward: false,
        ExclusiveStartKey: cursor,
        Limit: limit,
      }),
    );
    const missing = (page.Items ?? []).filter(
      (item) => item.gsi2pk === undefined && typeof item.deletedAt === "string" && item.ownerId,
    );
    let rewritten = 0;
    await inBatches(missing, 8, async (item) => {
      const customerId = item.id as string;
      try {
        await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: this.items.key(customerId),
            UpdateExpression: "SET gsi2pk = :owned, gsi2sk = :byDeletion",
            ConditionExpression:
              "deletedAt = :deletedAt AND ownerId = :owner AND attribute_not_exists(gsi2pk)",
            ExpressionAttributeValues: {
              ":owned": collections.deletedCustomersByOwner(tenantId, item.ownerId as string),
              ":byDeletion": `${item.deletedAt}#${customerId}`,
              ":deletedAt": item.deletedAt,
              ":owner": item.ownerId,
            },
          }),
        );
        rewritten++;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    });
    return { rewritten, ...(page.LastEvaluatedKey && { next: page.LastEvaluatedKey }) };
  }

  /** Erases the customers deleted before `cutoff` (an ISO time); says how many. */
  async purgeDeletedBefore(cutoff: string, now: string): Promise<number> {
    const system = { id: "system", name: "Nightly purge" };
    const expired = await queryAll(this.items.doc, {
      TableName: this.items.tableName,
      IndexName: "gsi3",
      KeyConditionExpression: "gsi3pk = :p AND gsi3sk < :cutoff",
      ExpressionAttributeValues: {
        ":p": collections.deletedCustomers(this.items.tenantId),
        ":cutoff": cutoff,
      },
      ProjectionExpression: "id",
    });
    let erased = 0;
    for (const item of expired) {
      await this.erase(item.id as string, system, now);
      erased++;
    }
    return erased;
  }
}

import { PutCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  type Contact,
  type Customer,
  checkMergeCurrencies,
  checkMergePair,
  diffCustomer,
  fail,
  mergedAway,
  mergeProfiles,
  type Purchases,
  purchasesOf,
  staleVersion,
  type Transaction,
} from "@crm/domain";
import { deleteAll, inBatches } from "./batch.js";
import {
  type Actor,
  type CustomerItems,
  claimsOf,
  MAX_REWRITES,
  type TransactAction,
  toCustomer,
} from "./customer-item.js";
import { CONTACT_SEARCH_KEYS, collections, keys, SEARCH_KEY_KINDS } from "./keys.js";
import { queryAll } from "./paging.js";
import { failedConditions, isConditionFailure, pauseBeforeRewrite, retryOnConflict } from "./transactions.js";

/** Merging a duplicate customer into the one that survives it. */
export class CustomerMerge {
  constructor(private readonly items: CustomerItems) {}

  /**
   * Merges the duplicate into the survivor. Every step can run again, so an
   * interrupted merge finishes when asked once more, and a finished one
   * changes nothing: (1) the duplicate is marked merged, which takes it out
   * of every list and stops edits and transactions on it; (2) its contacts
   * and transactions are copied to the survivor (a copy never overwrites)
   * and its external references point to the survivor; (3) its other items
   * go; (4) in one transaction the survivor takes the united profile and the
   * aggregates recomputed from all its transactions, the duplicate's emails
   * and phones are claimed for it, and the merge is recorded. Whether the
   * two may be merged is the domain's rule (checkMergePair,
   * checkMergeCurrencies), asked before the first write.
   */
  async merge(
    survivorId: string,
    duplicateId: string,
    by: Actor,
    now: string,
    timeZone: string,
  ): Promise<Customer> {
    checkMergePair(survivorId, duplicateId);
    let duplicateItem = await this.items.stored(duplicateId, { consistent: true });
    if (!duplicateItem || duplicateItem.deletedAt) throw fail("customer-not-found");
    const survivor = toCustomer(await this.items.live(survivorId));
    if (duplicateItem.mergedInto && duplicateItem.mergedInto !== survivorId) {
      throw mergedAway(duplicateItem.mergedInto as string);
    }
    if (duplicateItem.mergeDone) return survivor;
    const duplicate = toCustomer(duplicateItem);
    const moving = await this.partitionItems(duplicateId, ["TXN#", "CONTACT#"]);
    checkMergeCurrencies(
      survivor.purchases,
      moving.filter((item) => String(item.sk).startsWith("TXN#")).map((item) => item.currency as string),
    );
    if (!duplicateItem.mergedInto) {
      await this.items.doc
        .send(
          new UpdateCommand({
            TableName: this.items.tableName,
            Key: this.items.key(duplicateId),
            UpdateExpression:
              "SET mergedInto = :survivor, updatedAt = :now, #version = #version + :one REMOVE gsi1pk, gsi1sk, gsi2pk, gsi2sk, gsi3pk, gsi3sk",
            ConditionExpression:
              "#version = :version AND attribute_not_exists(deletedAt) AND attribute_not_exists(mergedInto)",
            ExpressionAttributeNames: { "#version": "version" },
            ExpressionAttributeValues: {
              ":survivor": survivorId,
              ":now": now,
              ":one": 1,
              ":version": duplicate.version,
            },
          }),
        )
        .catch((error: unknown) => {
          if (isConditionFailure(error)) throw staleVersion(duplicate.version);
          throw error;
        });
      duplicateItem = { ...duplicateItem, mergedInto: survivorId };
    }
    await this.copyToSurvivor(moving, survivorId);
    // What is left of the duplicate: its tombstone profile and its history.
    const leftovers = await this.partitionItems(duplicateId, [
      "TXN#",
      "CONTACT#",
      "TAG#",
      ...Object.values(SEARCH_KEY_KINDS).map((kind) => `${kind.item}#`),
      CONTACT_SEARCH_KEYS,
      "SCORE#",
      "STAGE",
    ]);
    await deleteAll(this.items.doc, this.items.tableName, leftovers);
    return retryOnConflict(() => this.finishMerge(survivorId, duplicate, by, now, timeZone));
  }

  /** The survivor's side of a merge; run again if the survivor changed meanwhile. */
  private async finishMerge(
    survivorId: string,
    duplicate: Customer,
    by: Actor,
    now: string,
    timeZone: string,
    attempt = 1,
  ): Promise<Customer> {
    const { tableName } = this.items;
    const raw = await this.items.live(survivorId);
    const before = toCustomer(raw);
    const purchasesVersion = (raw.purchasesVersion as number | undefined) ?? 0;
    const transactions = (await this.partitionItems(survivorId, ["TXN#"])) as unknown as Transaction[];
    const currency = transactions[0]?.currency ?? before.purchases.currency;
    const purchases: Purchases = purchasesOf(transactions, currency, timeZone);
    const united = mergeProfiles(before, duplicate);
    const after: Customer = {
      ...united,
      purchases,
      updatedAt: now,
      lastActivityAt: now,
      version: before.version + 1,
    };
    const actions: TransactAction[] = [
      {
        Put: {
          TableName: tableName,
          Item: { ...this.items.profile(after), purchasesVersion: purchasesVersion + 1 },
          ConditionExpression:
            "#version = :version AND attribute_not_exists(deletedAt) AND attribute_not_exists(mergedInto) AND (purchasesVersion = :pv OR attribute_not_exists(purchasesVersion))",
          ExpressionAttributeNames: { "#version": "version" },
          ExpressionAttributeValues: { ":version": before.version, ":pv": purchasesVersion },
        },
      },
      ...claimsOf(duplicate).map(
        (claim): TransactAction => ({
          Put: {
            TableName: tableName,
            Item: { ...this.items.claimKey(claim), customerId: survivorId },
            ConditionExpression: "customerId IN (:duplicate, :survivor)",
            ExpressionAttributeValues: { ":duplicate": duplicate.id, ":survivor": survivorId },
          },
        }),
      ),
      ...this.items.listingChanges(before, after),
      this.items.historyPut(survivorId, {
        at: now,
        by: by.id,
        byName: by.name,
        action: "merged",
        changes: diffCustomer(before, after),
        mergedFrom: { id: duplicate.id, name: duplicate.name },
      }),
      {
        Update: {
          TableName: tableName,
          Key: this.items.key(duplicate.id),
          UpdateExpression: "SET mergeDone = :now",
          ConditionExpression: "mergedInto = :survivor",
          ExpressionAttributeValues: { ":now": now, ":survivor": survivorId },
        },
      },
      this.items.auditPut("customer.merged", duplicate.id, by, now),
    ];
    try {
      await this.items.doc.send(new TransactWriteCommand({ TransactItems: actions }));
    } catch (error) {
      // A transaction or an edit reached the survivor meanwhile: count again, a bounded number of times.
      if (failedConditions(error)?.includes(0) && attempt < MAX_REWRITES) {
        await pauseBeforeRewrite(attempt);
        return this.finishMerge(survivorId, duplicate, by, now, timeZone, attempt + 1);
      }
      throw error;
    }
    return after;
  }

  /** Copies a duplicate's transactions and contacts into the survivor's partition; an existing copy is kept. */
  private async copyToSurvivor(items: Record<string, unknown>[], survivorId: string) {
    const { doc, tableName, tenantId } = this.items;
    const hasPrimary = (await this.partitionItems(survivorId, ["CONTACT#"])).some((item) => item.primary);
    const survivorPartition = collections.customer(tenantId, survivorId);
    await inBatches(items, 10, async (item) => {
      const copy = {
        ...item,
        pk: survivorPartition,
        customerId: survivorId,
        ...(String(item.sk).startsWith("CONTACT#") && hasPrimary && { primary: false }),
      };
      await doc
        .send(
          new PutCommand({
            TableName: tableName,
            Item: copy,
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        )
        .catch((error: unknown) => {
          if (!isConditionFailure(error)) throw error;
        });
      if (typeof item.externalRef === "string") {
        await doc
          .send(
            new UpdateCommand({
              TableName: tableName,
              Key: keys.externalRefClaim(tenantId, item.externalRef),
              UpdateExpression: "SET customerId = :survivor, transactionKey = :key",
              ConditionExpression: "customerId IN (:duplicate, :survivor)",
              ExpressionAttributeValues: {
                ":survivor": survivorId,
                ":duplicate": item.customerId,
                ":key": { pk: survivorPartition, sk: item.sk },
              },
            }),
          )
          .catch((error: unknown) => {
            if (!isConditionFailure(error)) throw error;
          });
      }
    });
    // The moved contacts find the survivor by their phones and emails, as its owner's.
    const ownerId = await this.items.ownerOf(survivorId);
    const contacts = items.filter((item) => String(item.sk).startsWith("CONTACT#")) as unknown as Contact[];
    if (ownerId === undefined || contacts.length === 0) return;
    await this.items.putContactSearch({ id: survivorId, ownerId }, contacts);
  }

  /** The items of a customer's partition whose sort keys start with one of the prefixes. */
  private async partitionItems(customerId: string, prefixes: string[]) {
    const items = await queryAll(this.items.doc, {
      TableName: this.items.tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": collections.customer(this.items.tenantId, customerId) },
      ConsistentRead: true,
    });
    return items.filter((item) => prefixes.some((prefix) => String(item.sk).startsWith(prefix)));
  }
}

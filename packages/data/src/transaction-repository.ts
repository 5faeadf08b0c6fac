import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from "@aws-sdk/lib-dynamodb";
import {
  applyTransaction,
  type CorrectionChange,
  type CustomerChange,
  checkVoidable,
  correctionOf,
  correctionRecord,
  dayBounds,
  fail,
  fieldProblem,
  invalid,
  isNewPurchaseDay,
  localDate,
  noPurchases,
  type Purchases,
  purchasesOf,
  reversalOf,
  type Transaction,
  voidOf,
} from "@crm/domain";
import { CustomerItems } from "./customer-item.js";
import { collections, keys } from "./keys.js";
import { latestInPartition, queryAll } from "./paging.js";
import { failedConditions, pauseBeforeRewrite, retryOnConflict } from "./transactions.js";

export type Recorded = { transaction: Transaction; purchases: Purchases; replayed: boolean };
/** A void or a correction: the entry as voided now, its reversal, the corrected entry, and the aggregates after. */
export type Corrected = {
  transaction: Transaction;
  reversal: Transaction;
  correction?: Transaction;
  purchases: Purchases;
};

/**
 * How often a transaction is counted again after another moved the
 * aggregates under it. Writers that all read the same version win one per
 * round, so N at once need up to N rounds; a jittered pause between rounds
 * spreads them out, and the bound is well above a burst of a phone's queue.
 */
const ATTEMPTS = 16;

/**
 * A customer's purchases and refunds. Recording one updates the customer's
 * aggregates in the same DynamoDB transaction, guarded by an aggregates
 * version, so simultaneous transactions all count; the nightly scoring then
 * reads the aggregates, never the transactions. An external reference is
 * claimed per tenant: recording it again returns the first transaction.
 */
export class TransactionRepository {
  private readonly customers: CustomerItems;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly tenantId: string,
  ) {
    this.customers = new CustomerItems(doc, tableName, tenantId);
  }

  /** Records a transaction; timeZone is the tenant's, whose calendar days the aggregates count. */
  async record(transaction: Transaction, now: string, timeZone: string): Promise<Recorded> {
    for (let attempt = 1; ; attempt++) {
      const profile = await this.customers.live(transaction.customerId);
      const before = (profile.purchases as Purchases | undefined) ?? noPurchases(transaction.currency);
      if (before.currency !== transaction.currency) {
        throw invalid([fieldProblem("currency", "currency-of-customer", { currency: before.currency })]);
      }
      const purchases = applyTransaction(before, transaction, {
        timeZone,
        newDay: await this.isNewPurchaseDay(before, transaction, timeZone),
      });
      const version = (profile.purchasesVersion as number | undefined) ?? 0;
      const refClaim = transaction.externalRef
        ? keys.externalRefClaim(this.tenantId, transaction.externalRef)
        : undefined;
      try {
        await this.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              this.customers.purchasesUpdate(transaction.customerId, purchases, version, now),
              {
                Put: {
                  TableName: this.tableName,
                  Item: {
                    ...keys.transaction(
                      this.tenantId,
                      transaction.customerId,
                      transaction.occurredAt,
                      transaction.id,
                    ),
                    ...transaction,
                  },
                  ConditionExpression: "attribute_not_exists(pk)",
                },
              },
              ...(refClaim
                ? [
                    {
                      Put: {
                        TableName: this.tableName,
                        Item: {
                          ...refClaim,
                          customerId: transaction.customerId,
                          transactionKey: keys.transaction(
                            this.tenantId,
                            transaction.customerId,
                            transaction.occurredAt,
                            transaction.id,
                          ),
                        },
                        ConditionExpression: "attribute_not_exists(pk)",
                      },
                    },
                  ]
                : []),
            ],
          }),
        );
        return { transaction, purchases, replayed: false };
      } catch (error) {
        const failed = failedConditions(error);
        if (refClaim && failed?.includes(2)) return this.existing(refClaim, transaction.customerId);
        // The same transaction (id and time) is there already: an exported file imported back.
        if (failed?.includes(1) && !failed.includes(0)) {
          return this.existing(
            keys.transaction(this.tenantId, transaction.customerId, transaction.occurredAt, transaction.id),
            transaction.customerId,
            true,
          );
        }
        if (failed?.includes(0) && attempt < ATTEMPTS) {
          await pauseBeforeRewrite(attempt);
          continue;
        }
        throw error;
      }
    }
  }

  /**
   * Whether a purchase falls on a day without one. The aggregates tell, except
   * for a day between the first and the last purchase day (a transaction
   * recorded late, as imports do): then the customer's transactions of that
   * day are read.
   */
  private async isNewPurchaseDay(before: Purchases, transaction: Transaction, timeZone: string) {
    if (transaction.kind !== "purchase") return false;
    const day = localDate(transaction.occurredAt, timeZone);
    const known = isNewPurchaseDay(before, day);
    if (known !== undefined) return known;
    const { start, end } = dayBounds(day, timeZone);
    const { Items = [] } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
        // Voided entries and reversals count for nothing, their day included.
        FilterExpression:
          "kind = :purchase AND attribute_not_exists(#voided) AND attribute_not_exists(#reverses)",
        ExpressionAttributeNames: { "#voided": "voided", "#reverses": "reverses" },
        ExpressionAttributeValues: {
          ":pk": collections.customer(this.tenantId, transaction.customerId),
          ":from": `TXN#${start}`,
          ":to": `TXN#${end}`,
          ":purchase": "purchase",
        },
        ProjectionExpression: "id",
        ConsistentRead: true,
      }),
    );
    return Items.every((item) => item.id === transaction.id);
  }

  /** A customer's transactions, the latest first. */
  async list(customerId: string, options: { cursor?: string; limit: number }) {
    const page = await latestInPartition(this.doc, this.tableName, {
      partition: collections.customer(this.tenantId, customerId),
      skPrefix: "TXN#",
      ...options,
    });
    return { items: page.items.map(toTransaction), nextCursor: page.nextCursor };
  }

  /**
   * Voids a transaction, or (with a change) corrects it, as accountants do:
   * nothing is deleted. In one DynamoDB transaction the entry is marked
   * voided, a reversing entry linked to it is written (and, for a
   * correction, the corrected entry), the customer's aggregates are counted
   * again from the entries still in force, and the customer's history
   * records it. The aggregates version guards it as it guards recording, and
   * the entry's own condition makes a second void fail (409).
   *
   * A voided entry keeps its key and its external reference's claim, so
   * importing its file again finds it (voided) and adds nothing. Counting
   * again reads the customer's transactions, as a merge does: a void is
   * rare, and the nightly scoring still reads only the aggregates.
   */
  async correct(
    customerId: string,
    transactionId: string,
    request: { reason: string; change?: CorrectionChange },
    by: { id: string; name: string },
    now: string,
    timeZone: string,
  ): Promise<Corrected> {
    return retryOnConflict(async () => {
      for (let attempt = 1; ; attempt++) {
        const profile = await this.customers.live(customerId);
        const entries = (
          await queryAll(this.doc, {
            TableName: this.tableName,
            KeyConditionExpression: "pk = :pk AND begins_with(sk, :txn)",
            ExpressionAttributeValues: {
              ":pk": collections.customer(this.tenantId, customerId),
              ":txn": "TXN#",
            },
            ConsistentRead: true,
          })
        ).map(toTransaction);
        const original = entries.find((entry) => entry.id === transactionId);
        if (!original) throw fail("transaction-not-found");
        checkVoidable(original);
        const reversal = reversalOf(original, crypto.randomUUID(), now);
        const correction = request.change
          ? correctionOf(original, request.change, crypto.randomUUID(), now)
          : undefined;
        const voided: Transaction = {
          ...original,
          voided: voidOf(by, now, request.reason, reversal.id, correction?.id),
        };
        const before = (profile.purchases as Purchases | undefined) ?? noPurchases(original.currency);
        const after = [
          ...entries.map((entry) => (entry.id === original.id ? voided : entry)),
          reversal,
          ...(correction ? [correction] : []),
        ].sort((a, b) => sortKeyOf(a).localeCompare(sortKeyOf(b)));
        const purchases = purchasesOf(after, before.currency, timeZone);
        const version = (profile.purchasesVersion as number | undefined) ?? 0;
        const keyOf = (entry: Transaction) =>
          keys.transaction(this.tenantId, customerId, entry.occurredAt, entry.id);
        const change: CustomerChange = {
          at: now,
          by: by.id,
          byName: by.name,
          action: correction ? "transaction-corrected" : "transaction-voided",
          changes: [],
          transaction: correctionRecord(original, request.reason, reversal, correction),
        };
        try {
          await this.doc.send(
            new TransactWriteCommand({
              TransactItems: [
                this.customers.purchasesUpdate(customerId, purchases, version, now),
                {
                  Update: {
                    TableName: this.tableName,
                    Key: keyOf(original),
                    UpdateExpression: "SET #voided = :voided",
                    ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(#voided)",
                    ExpressionAttributeNames: { "#voided": "voided" },
                    ExpressionAttributeValues: { ":voided": voided.voided },
                  },
                },
                ...[reversal, ...(correction ? [correction] : [])].map((entry) => ({
                  Put: {
                    TableName: this.tableName,
                    Item: { ...keyOf(entry), ...entry },
                    ConditionExpression: "attribute_not_exists(pk)",
                  },
                })),
                this.customers.historyPut(customerId, change),
              ],
            }),
          );
          return { transaction: voided, reversal, ...(correction && { correction }), purchases };
        } catch (error) {
          const failed = failedConditions(error);
          // Voided (or erased) meanwhile: the next round reads why and answers it.
          if (failed?.includes(1) && attempt < ATTEMPTS) continue;
          // Another transaction moved the aggregates: count again.
          if (failed?.includes(0) && attempt < ATTEMPTS) {
            await pauseBeforeRewrite(attempt);
            continue;
          }
          throw error;
        }
      }
    });
  }

  /**
   * What record would do with this transaction, writing nothing (an import's
   * dry run asks, so it counts what the real run will): "existing" when its
   * external reference is recorded for this customer or the same entry (id
   * and time) is there, "other-customer" when its reference is another
   * customer's, else "new".
   */
  async outcomeOf(
    transaction: Pick<Transaction, "customerId" | "occurredAt" | "externalRef"> & { id?: string },
  ): Promise<"new" | "existing" | "other-customer"> {
    const { id } = transaction;
    const [claim, entry] = await Promise.all([
      transaction.externalRef
        ? this.doc.send(
            new GetCommand({
              TableName: this.tableName,
              Key: keys.externalRefClaim(this.tenantId, transaction.externalRef),
              ConsistentRead: true,
            }),
          )
        : undefined,
      id
        ? this.doc.send(
            new GetCommand({
              TableName: this.tableName,
              Key: keys.transaction(this.tenantId, transaction.customerId, transaction.occurredAt, id),
              ConsistentRead: true,
              ProjectionExpression: "pk",
            }),
          )
        : undefined,
    ]);
    if (claim?.Item) return claim.Item.customerId === transaction.customerId ? "existing" : "other-customer";
    return entry?.Item ? "existing" : "new";
  }

  /** The transaction an external reference was first recorded as (or, direct, the one under a transaction key). */
  private async existing(
    claimKey: { pk: string; sk: string },
    customerId: string,
    direct = false,
  ): Promise<Recorded> {
    const claim = direct
      ? { Item: { customerId, transactionKey: claimKey } }
      : await this.doc.send(
          new GetCommand({ TableName: this.tableName, Key: claimKey, ConsistentRead: true }),
        );
    if (claim.Item?.customerId !== customerId) {
      throw fail("external-ref-of-other-customer", {
        existingId: claim.Item?.customerId,
        fields: ["externalRef"],
      });
    }
    const [first, customer] = await Promise.all([
      this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: claim.Item.transactionKey, ConsistentRead: true }),
      ),
      this.customers.stored(customerId, { consistent: true }),
    ]);
    if (!first.Item || !customer) throw fail("transaction-not-found");
    return {
      transaction: toTransaction(first.Item),
      purchases: customer.purchases as Purchases,
      replayed: true,
    };
  }
}

/** The order of the sort keys: by time, then id. */
const sortKeyOf = (entry: Transaction) => `${entry.occurredAt}#${entry.id}`;

function toTransaction(item: Record<string, unknown>): Transaction {
  const { pk: _pk, sk: _sk, ...transaction } = item;
  return transaction as Transaction;
}

import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from "@aws-sdk/lib-dynamodb";
import {
  applyTransaction,
  conflict,
  dayBounds,
  invalid,
  isNewPurchaseDay,
  localDate,
  mergedAway,
  noPurchases,
  notFound,
  type Purchases,
  type Transaction,
} from "@crm/domain";
import { collections, keys } from "./keys.js";
import { latestInPartition } from "./paging.js";
import { failedConditions } from "./transactions.js";

export type Recorded = { transaction: Transaction; purchases: Purchases; replayed: boolean };

/**
 * How often a transaction is counted again after another moved the
 * aggregates under it. Writers that all read the same version win one per
 * round, so N at once need up to N rounds; a jittered pause between rounds
 * spreads them out, and the bound is well above a burst of a phone's queue.
 */
const ATTEMPTS = 16;
const pauseBeforeAttempt = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(500, 10 * 2 ** attempt)));

/**
 * A customer's purchases and refunds. Recording one updates the customer's
 * aggregates in the same DynamoDB transaction, guarded by an aggregates
 * version, so simultaneous transactions all count; the nightly scoring then
 * reads the aggregates, never the transactions. An external reference is
 * claimed per tenant: recording it again returns the first transaction.
 */
export class TransactionRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly tenantId: string,
  ) {}

  /** Records a transaction; timeZone is the tenant's, whose calendar days the aggregates count. */
  async record(transaction: Transaction, now: string, timeZone: string): Promise<Recorded> {
    for (let attempt = 1; ; attempt++) {
      const { Item } = await this.doc.send(
        new GetCommand({
          TableName: this.tableName,
          Key: keys.customer(this.tenantId, transaction.customerId),
          ConsistentRead: true,
        }),
      );
      if (Item?.mergedInto) throw mergedAway(Item.mergedInto as string);
      if (!Item || Item.deletedAt) throw notFound("The customer");
      const before = (Item.purchases as Purchases | undefined) ?? noPurchases(transaction.currency);
      if (before.currency !== transaction.currency) {
        throw invalid([
          { path: "currency", message: `This customer's purchases are in ${before.currency}.` },
        ]);
      }
      const purchases = applyTransaction(before, transaction, {
        timeZone,
        newDay: await this.isNewPurchaseDay(before, transaction, timeZone),
      });
      const version = (Item.purchasesVersion as number | undefined) ?? 0;
      const refClaim = transaction.externalRef
        ? keys.externalRefClaim(this.tenantId, transaction.externalRef)
        : undefined;
      try {
        await this.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.tableName,
                  Key: keys.customer(this.tenantId, transaction.customerId),
                  UpdateExpression:
                    "SET purchases = :purchases, purchasesVersion = :next, lastActivityAt = :now, gsi2sk = :activity",
                  ConditionExpression:
                    "attribute_not_exists(deletedAt) AND attribute_not_exists(mergedInto) AND (purchasesVersion = :version OR (attribute_not_exists(purchasesVersion) AND :version = :zero))",
                  ExpressionAttributeValues: {
                    ":purchases": purchases,
                    ":next": version + 1,
                    ":version": version,
                    ":zero": 0,
                    ":now": now,
                    ":activity": `${now}#${transaction.customerId}`,
                  },
                },
              },
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
          await pauseBeforeAttempt(attempt);
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
        FilterExpression: "kind = :purchase",
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
      throw conflict("This external reference was recorded for another customer.", {
        existingId: claim.Item?.customerId,
        errors: [{ path: "externalRef", message: "Already recorded for another customer." }],
      });
    }
    const [first, customer] = await Promise.all([
      this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: claim.Item.transactionKey, ConsistentRead: true }),
      ),
      this.doc.send(
        new GetCommand({
          TableName: this.tableName,
          Key: keys.customer(this.tenantId, customerId),
          ConsistentRead: true,
        }),
      ),
    ]);
    if (!first.Item || !customer.Item) throw notFound("The transaction");
    return {
      transaction: toTransaction(first.Item),
      purchases: customer.Item.purchases as Purchases,
      replayed: true,
    };
  }
}

function toTransaction(item: Record<string, unknown>): Transaction {
  const { pk: _pk, sk: _sk, ...transaction } = item;
  return transaction as Transaction;
}

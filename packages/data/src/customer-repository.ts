import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import {
  type Customer,
  type CustomerChange,
  type CustomerPatch,
  conflict,
  diffCustomer,
  invalid,
  kindProblems,
  notFound,
  searchForm,
  staleVersion,
} from "@crm/domain";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { collections, keys } from "./keys.js";
import { failedConditions, retryOnConflict } from "./transactions.js";

type Action = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];
type Claim = { field: "emails" | "phones"; index: number; value: string };
/** Who makes a change. */
export type Actor = { id: string; name: string };

export type CustomerPage = { items: Customer[]; nextCursor?: string };

const LISTING = { attributes: ["pk", "sk", "gsi1pk", "gsi1sk"], index: "gsi1" } as const;

/**
 * A tenant's customers. Each lives in its own partition with its change
 * history; its emails and phones are claimed by claim items in the same
 * transaction, so two customers can never share one, however close in time
 * they are written. The name listing is the sparse gsi1.
 */
export class CustomerRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly tenantId: string,
  ) {}

  async create(customer: Customer, by: Actor): Promise<Customer> {
    const claims = claimsOf(customer);
    const actions: Action[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: this.item(customer),
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
      ...claims.map((claim) => this.claimPut(claim, customer.id)),
      this.historyPut(customer.id, {
        at: customer.createdAt,
        by: by.id,
        byName: by.name,
        action: "created",
        changes: diffCustomer({}, customer),
      }),
    ];
    await this.write(actions, claims, 1);
    return customer;
  }

  /** The customer, unless it does not exist (or is deleted). */
  async find(customerId: string, consistent = false): Promise<Customer | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.customer(this.tenantId, customerId),
        ConsistentRead: consistent,
      }),
    );
    return Item && !Item.deletedAt ? toCustomer(Item) : undefined;
  }

  async get(customerId: string, consistent = false): Promise<Customer> {
    const customer = await this.find(customerId, consistent);
    if (!customer) throw notFound("The customer");
    return customer;
  }

  /**
   * Applies a patch made against expectedVersion in one transaction: the
   * customer, the claims of added and released emails and phones, and the
   * history entry. Nothing changes when nothing differs.
   */
  async update(
    customerId: string,
    patch: CustomerPatch,
    expectedVersion: number,
    by: Actor,
    now: string,
  ): Promise<Customer> {
    return retryOnConflict(async () => {
      const before = await this.get(customerId, true);
      if (before.version !== expectedVersion) throw staleVersion(before.version);
      // null in a patch clears an optional field.
      const merged = Object.fromEntries(
        Object.entries({ ...before, ...patch }).filter(([, value]) => value !== null),
      ) as Customer;
      const problems = kindProblems(merged);
      if (problems.length > 0) throw invalid(problems);
      const changes = diffCustomer(before, merged);
      if (changes.length === 0) return before;
      const after: Customer = { ...merged, updatedAt: now, version: before.version + 1 };
      const held = new Set(claimsOf(before).map((claim) => `${claim.field}:${claim.value}`));
      const kept = new Set(claimsOf(after).map((claim) => `${claim.field}:${claim.value}`));
      const added = claimsOf(after).filter((claim) => !held.has(`${claim.field}:${claim.value}`));
      const released = claimsOf(before).filter((claim) => !kept.has(`${claim.field}:${claim.value}`));
      const actions: Action[] = [
        {
          Put: {
            TableName: this.tableName,
            Item: this.item(after),
            ConditionExpression: "#version = :expected AND attribute_not_exists(deletedAt)",
            ExpressionAttributeNames: { "#version": "version" },
            ExpressionAttributeValues: { ":expected": expectedVersion },
          },
        },
        ...added.map((claim) => this.claimPut(claim, customerId)),
        ...released.map((claim) => ({
          Delete: {
            TableName: this.tableName,
            Key: this.claimKey(claim),
            ConditionExpression: "customerId = :id",
            ExpressionAttributeValues: { ":id": customerId },
          },
        })),
        this.historyPut(customerId, { at: now, by: by.id, byName: by.name, action: "updated", changes }),
      ];
      try {
        await this.write(actions, added, 1);
      } catch (error) {
        if (failedConditions(error)?.includes(0))
          throw staleVersion((await this.get(customerId, true)).version);
        throw error;
      }
      return after;
    });
  }

  /** The tenant's customers by name; with a prefix, those whose name's search form starts with it. */
  async listByName(options: {
    prefix?: string;
    cursor?: string;
    limit: number;
    ownerId?: string;
  }): Promise<CustomerPage> {
    const partition = collections.customersByName(this.tenantId);
    const prefix = options.prefix ? searchForm(options.prefix) : "";
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: LISTING.index,
        KeyConditionExpression: prefix ? "gsi1pk = :p AND begins_with(gsi1sk, :prefix)" : "gsi1pk = :p",
        ExpressionAttributeValues: {
          ":p": partition,
          ...(prefix && { ":prefix": prefix }),
          ...(options.ownerId && { ":owner": options.ownerId }),
        },
        ...(options.ownerId && { FilterExpression: "ownerId = :owner" }),
        ExclusiveStartKey: decodeCursor(options.cursor, {
          attributes: LISTING.attributes,
          partition: { name: "gsi1pk", value: partition },
        }),
        Limit: options.limit,
      }),
    );
    return { items: (page.Items ?? []).map(toCustomer), nextCursor: encodeCursor(page.LastEvaluatedKey) };
  }

  /** The customer holding an email or a phone (E.164), if any. */
  async findByClaim(field: Claim["field"], value: string): Promise<Customer | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: this.claimKey({ field, index: 0, value }) }),
    );
    return Item ? this.find(Item.customerId) : undefined;
  }

  /** The change history, newest first. */
  async history(customerId: string, options: { cursor?: string; limit: number }) {
    const partition = collections.customer(this.tenantId, customerId);
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :history)",
        ExpressionAttributeValues: { ":pk": partition, ":history": "HISTORY#" },
        ScanIndexForward: false,
        ExclusiveStartKey: decodeCursor(options.cursor, {
          attributes: ["pk", "sk"],
          partition: { name: "pk", value: partition },
        }),
        Limit: options.limit,
      }),
    );
    const items = (page.Items ?? []).map(
      (item): CustomerChange => ({
        at: item.at,
        by: item.by,
        byName: item.byName,
        action: item.action,
        changes: item.changes,
      }),
    );
    return { items, nextCursor: encodeCursor(page.LastEvaluatedKey) };
  }

  private item(customer: Customer) {
    return {
      ...keys.customer(this.tenantId, customer.id),
      ...customer,
      gsi1pk: collections.customersByName(this.tenantId),
      gsi1sk: `${searchForm(customer.name)}#${customer.id}`,
    };
  }

  private claimKey(claim: Claim) {
    return claim.field === "emails"
      ? keys.emailClaim(this.tenantId, claim.value)
      : keys.phoneClaim(this.tenantId, claim.value);
  }

  private claimPut(claim: Claim, customerId: string): Action {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...this.claimKey(claim), customerId },
        ConditionExpression: "attribute_not_exists(pk) OR customerId = :id",
        ExpressionAttributeValues: { ":id": customerId },
      },
    };
  }

  private historyPut(customerId: string, change: CustomerChange): Action {
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          ...keys.customerChange(this.tenantId, customerId, change.at, crypto.randomUUID()),
          ...change,
        },
      },
    };
  }

  /** Writes the transaction; a claim that another customer holds answers 409 with that customer's id. */
  private async write(actions: Action[], claims: Claim[], firstClaimAt: number) {
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: actions }));
    } catch (error) {
      const failed = failedConditions(error) ?? [];
      const claim = failed
        .map((index) => claims[index - firstClaimAt])
        .find((candidate) => candidate !== undefined);
      if (!claim) throw error;
      const holder = await this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: this.claimKey(claim) }),
      );
      const existingId = holder.Item?.customerId as string | undefined;
      const what = claim.field === "emails" ? "email" : "phone number";
      throw conflict(`This ${what} belongs to another customer.`, {
        existingId,
        errors: [
          { path: `${claim.field}.${claim.index}`, message: `This ${what} belongs to another customer.` },
        ],
      });
    }
  }
}

function claimsOf(customer: Pick<Customer, "emails" | "phones">): Claim[] {
  return [
    ...customer.emails.map((value, index) => ({ field: "emails" as const, index, value })),
    ...customer.phones.map((value, index) => ({ field: "phones" as const, index, value })),
  ];
}

function toCustomer(item: Record<string, unknown>): Customer {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, deletedAt: _d, ...customer } = item;
  return customer as Customer;
}

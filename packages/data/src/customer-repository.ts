import { GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import {
  applyCustomerPatch,
  type Customer,
  type CustomerChange,
  type CustomerPatch,
  DomainError,
  diffCustomer,
  fail,
  fieldProblem,
  invalid,
  mergedAway,
  staleVersion,
} from "@crm/domain";
import { getAll } from "./batch.js";
import {
  type Actor,
  type Claim,
  CustomerItems,
  claimsOf,
  MAX_REWRITES,
  type TransactAction,
  toCustomer,
} from "./customer-item.js";
import { CustomerLifecycle } from "./customer-lifecycle.js";
import { CustomerListings } from "./customer-listings.js";
import { CustomerMerge } from "./customer-merge.js";
import { CustomerScores } from "./customer-scores.js";
import { CustomerUpgrades } from "./customer-upgrades.js";
import { collections } from "./keys.js";
import { latestInPartition } from "./paging.js";
import { failedConditions, pauseBeforeRewrite, retryOnConflict } from "./transactions.js";

export type { Actor } from "./customer-item.js";
export type { DeletedCustomer } from "./customer-lifecycle.js";
export type { CustomerPage, ListedCustomer } from "./customer-listings.js";

/** DynamoDB's limit on the items of one transaction. */
const MAX_TRANSACTION_ITEMS = 100;

/**
 * A tenant's customers. Each lives in its own partition with its change
 * history; its emails and phones are claimed by claim items in the same
 * transaction, so two customers can never share one, however close in time
 * they are written. Creating, reading and editing one are here; its lists,
 * end of life, merge, scores and upgrades are their own modules, reached
 * through this one.
 */
export class CustomerRepository {
  private readonly items: CustomerItems;
  private readonly listings: CustomerListings;
  private readonly lifecycle: CustomerLifecycle;
  private readonly merging: CustomerMerge;
  private readonly scores: CustomerScores;
  private readonly upgrades: CustomerUpgrades;

  constructor(doc: ConstructorParameters<typeof CustomerItems>[0], tableName: string, tenantId: string) {
    this.items = new CustomerItems(doc, tableName, tenantId);
    this.listings = new CustomerListings(this.items);
    this.lifecycle = new CustomerLifecycle(this.items);
    this.merging = new CustomerMerge(this.items);
    this.scores = new CustomerScores(this.items, this.listings);
    this.upgrades = new CustomerUpgrades(this.items, this.listings);
  }

  async create(customer: Customer, by: Actor): Promise<Customer> {
    const claims = claimsOf(customer);
    const actions: TransactAction[] = [
      {
        Put: {
          TableName: this.items.tableName,
          Item: this.items.profile(customer),
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
      ...claims.map((claim) => this.items.claimPut(claim, customer.id)),
      ...this.items.listingChanges(undefined, customer),
      this.items.historyPut(customer.id, {
        at: customer.createdAt,
        by: by.id,
        byName: by.name,
        action: "created",
        changes: diffCustomer({}, customer),
      }),
    ];
    try {
      await this.write(actions, claims, 1);
    } catch (error) {
      // The id is taken: an import writing the same row again (its ids come from the row).
      if (failedConditions(error)?.includes(0)) {
        throw fail("customer-exists", { existingId: customer.id });
      }
      throw error;
    }
    return customer;
  }

  /**
   * Whether create would refuse this customer as existing: its id taken, or
   * one of its emails or phones claimed (by any customer, deleted or merged
   * ones too, as create's conditions see them). An import's dry run asks
   * this, so it counts what the real run will; it writes nothing.
   */
  async wouldExist(customer: Pick<Customer, "id" | "emails" | "phones">): Promise<boolean> {
    const found = await getAll(
      this.items.doc,
      this.items.tableName,
      [this.items.key(customer.id), ...claimsOf(customer).map((claim) => this.items.claimKey(claim))],
      { consistent: true },
    );
    return found.length > 0;
  }

  /** The customer, unless it does not exist (or is deleted). */
  async find(customerId: string, consistent = false): Promise<Customer | undefined> {
    const item = await this.items.stored(customerId, { consistent });
    if (item?.mergedInto) throw mergedAway(item.mergedInto as string);
    return item && !item.deletedAt ? toCustomer(item) : undefined;
  }

  async get(customerId: string, consistent = false): Promise<Customer> {
    const customer = await this.find(customerId, consistent);
    if (!customer) throw fail("customer-not-found");
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
    attempt = 1,
  ): Promise<Customer> {
    return retryOnConflict(async () => {
      const raw = await this.items.live(customerId);
      const before = toCustomer(raw);
      if (before.version !== expectedVersion) throw staleVersion(before.version);
      const purchasesVersion = (raw.purchasesVersion as number | undefined) ?? 0;
      const merged = applyCustomerPatch(before, patch);
      const changes = diffCustomer(before, merged);
      if (changes.length === 0) return before;
      const after: Customer = { ...merged, updatedAt: now, lastActivityAt: now, version: before.version + 1 };
      const held = new Set(claimsOf(before).map((claim) => `${claim.field}:${claim.value}`));
      const kept = new Set(claimsOf(after).map((claim) => `${claim.field}:${claim.value}`));
      const added = claimsOf(after).filter((claim) => !held.has(`${claim.field}:${claim.value}`));
      const released = claimsOf(before).filter((claim) => !kept.has(`${claim.field}:${claim.value}`));
      const actions: TransactAction[] = [
        {
          Put: {
            TableName: this.items.tableName,
            Item: { ...this.items.profile(after), purchasesVersion },
            // A transaction recorded meanwhile moved the aggregates: then this edit is written again over them.
            ConditionExpression:
              "#version = :expected AND attribute_not_exists(deletedAt) AND attribute_not_exists(mergedInto) AND (purchasesVersion = :pv OR attribute_not_exists(purchasesVersion))",
            ExpressionAttributeNames: { "#version": "version" },
            ExpressionAttributeValues: { ":expected": expectedVersion, ":pv": purchasesVersion },
          },
        },
        ...added.map((claim) => this.items.claimPut(claim, customerId)),
        ...this.items.listingChanges(before, after),
        ...released.map((claim) => this.items.claimRelease(claim, customerId)),
        this.items.historyPut(customerId, {
          at: now,
          by: by.id,
          byName: by.name,
          action: "updated",
          changes,
        }),
      ];
      if (actions.length > MAX_TRANSACTION_ITEMS) {
        throw invalid([fieldProblem("(body)", "too-many-changes")]);
      }
      try {
        await this.write(actions, added, 1);
      } catch (error) {
        if (failedConditions(error)?.includes(0)) {
          const current = await this.items.live(customerId);
          if ((current.version as number) !== expectedVersion) throw staleVersion(current.version as number);
          // Transactions moved the aggregates meanwhile: write the edit again over them, a bounded number of times.
          if (attempt >= MAX_REWRITES) throw error;
          await pauseBeforeRewrite(attempt);
          return this.update(customerId, patch, expectedVersion, by, now, attempt + 1);
        }
        throw error;
      }
      if (after.ownerId !== before.ownerId) await this.reownContactSearch(customerId, after.ownerId);
      return after;
    });
  }

  /**
   * Writes a company's contacts' search items again for its new owner, so
   * the new owner finds it by a contact's phone or email and the old one no
   * longer does. After the transaction that changed the owner (a company
   * may have more contacts than one transaction holds); until then lists
   * check each customer's owner again, so the old owner sees nothing.
   * Whatever changes an owner calls this after.
   */
  async reownContactSearch(customerId: string, ownerId: string): Promise<void> {
    await this.items.putContactSearch({ id: customerId, ownerId }, await this.items.contactsOf(customerId));
  }

  /** Who owns a customer, whatever its state (merged, deleted); undefined when there is none. */
  ownerOf(customerId: string): Promise<string | undefined> {
    return this.items.ownerOf(customerId);
  }

  /** The customer holding an email or a phone (E.164), if any. */
  async findByClaim(field: Claim["field"], value: string): Promise<Customer | undefined> {
    const holder = await this.holderOf({ field, value });
    if (!holder) return undefined;
    try {
      return await this.find(holder);
    } catch (error) {
      // Mid-merge the claim still names the duplicate: the holder is the survivor.
      if (error instanceof DomainError && error.kind === "gone")
        return this.find(error.details.mergedInto as string);
      throw error;
    }
  }

  /** The change history, newest first. */
  async history(customerId: string, options: { cursor?: string; limit: number }) {
    const page = await latestInPartition(this.items.doc, this.items.tableName, {
      partition: collections.customer(this.items.tenantId, customerId),
      skPrefix: "HISTORY#",
      ...options,
    });
    const items = page.items.map(
      (item): CustomerChange => ({
        at: item.at as string,
        by: item.by as string,
        byName: item.byName as string,
        action: item.action as CustomerChange["action"],
        changes: item.changes as CustomerChange["changes"],
        ...(item.mergedFrom ? { mergedFrom: item.mergedFrom as CustomerChange["mergedFrom"] } : {}),
        ...(item.transaction ? { transaction: item.transaction as CustomerChange["transaction"] } : {}),
      }),
    );
    return { items, nextCursor: page.nextCursor };
  }

  // Lists: customer-listings.ts.
  list(...args: Parameters<CustomerListings["list"]>) {
    return this.listings.list(...args);
  }

  // End of life: customer-lifecycle.ts. Whether one may still be restored is the domain's rule.
  softDelete(...args: Parameters<CustomerLifecycle["softDelete"]>) {
    return this.lifecycle.softDelete(...args);
  }
  findDeleted(...args: Parameters<CustomerLifecycle["findDeleted"]>) {
    return this.lifecycle.findDeleted(...args);
  }
  restore(...args: Parameters<CustomerLifecycle["restore"]>) {
    return this.lifecycle.restore(...args);
  }
  erase(...args: Parameters<CustomerLifecycle["erase"]>) {
    return this.lifecycle.erase(...args);
  }
  listDeleted(...args: Parameters<CustomerLifecycle["listDeleted"]>) {
    return this.lifecycle.listDeleted(...args);
  }
  purgeDeletedBefore(...args: Parameters<CustomerLifecycle["purgeDeletedBefore"]>) {
    return this.lifecycle.purgeDeletedBefore(...args);
  }
  rewriteDeletedListings(...args: Parameters<CustomerLifecycle["rewriteDeletedListings"]>) {
    return this.lifecycle.rewriteDeletedListings(...args);
  }

  // Merge: customer-merge.ts.
  merge(...args: Parameters<CustomerMerge["merge"]>) {
    return this.merging.merge(...args);
  }

  // Scores: customer-scores.ts.
  scoringPage(...args: Parameters<CustomerScores["scoringPage"]>) {
    return this.scores.scoringPage(...args);
  }
  saveScores(...args: Parameters<CustomerScores["saveScores"]>) {
    return this.scores.saveScores(...args);
  }
  moveScores(...args: Parameters<CustomerScores["moveScores"]>) {
    return this.scores.moveScores(...args);
  }

  // Upgrades: customer-upgrades.ts.
  rewriteListings(...args: Parameters<CustomerUpgrades["rewriteListings"]>) {
    return this.upgrades.rewriteListings(...args);
  }
  rewriteSearchListings(...args: Parameters<CustomerUpgrades["rewriteSearchListings"]>) {
    return this.upgrades.rewriteSearchListings(...args);
  }

  /** Which customer holds an email or a phone's claim, if any. */
  private async holderOf(claim: Pick<Claim, "field" | "value">): Promise<string | undefined> {
    const { Item } = await this.items.doc.send(
      new GetCommand({ TableName: this.items.tableName, Key: this.items.claimKey(claim) }),
    );
    return Item?.customerId as string | undefined;
  }

  /** Writes the transaction; a claim that another customer holds answers 409 with that customer's id. */
  private async write(actions: TransactAction[], claims: Claim[], firstClaimAt: number) {
    try {
      await this.items.doc.send(new TransactWriteCommand({ TransactItems: actions }));
    } catch (error) {
      const failed = failedConditions(error) ?? [];
      const claim = failed
        .map((index) => claims[index - firstClaimAt])
        .find((candidate) => candidate !== undefined);
      if (!claim) throw error;
      const existingId = await this.holderOf(claim);
      const code = claim.field === "emails" ? "email-of-other-customer" : "phone-of-other-customer";
      throw fail(code, { existingId, fields: [`${claim.field}.${claim.index}`] });
    }
  }
}

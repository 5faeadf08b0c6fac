import {
  type DynamoDBDocumentClient,
  GetCommand,
  type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import {
  type Contact,
  type Customer,
  type CustomerChange,
  contactPointKeys,
  fail,
  mergedAway,
  nameOrderKey,
  type Purchases,
  searchKeys,
} from "@crm/domain";
import { type WriteRequest, writeAll } from "./batch.js";
import { collections, keys, type OwnerList } from "./keys.js";
import { queryAll } from "./paging.js";
import { isScoreOnProfile, profilesWithScores, scoreListingItems } from "./score-listing.js";
import { contactSearchItems, searchListingItem } from "./search-listing.js";
import { itemChanges } from "./transactions.js";

export type TransactAction = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];
/** An email or a phone a customer holds: no other customer may hold it. */
export type Claim = { field: "emails" | "phones"; index: number; value: string };
/** Who makes a change. */
export type Actor = { id: string; name: string };

/** How often a write is made again because transactions moved the aggregates under it. */
export const MAX_REWRITES = 16;

/**
 * How a customer is stored: its profile item (with its name, owner and
 * stage index keys), its listing items, the claims of its emails and phones,
 * its history and audit entries, and the one read of its profile. Every
 * repository that writes or reads a customer's items builds them here.
 */
export class CustomerItems {
  constructor(
    readonly doc: DynamoDBDocumentClient,
    readonly tableName: string,
    readonly tenantId: string,
  ) {}

  key(customerId: string) {
    return keys.customer(this.tenantId, customerId);
  }

  /**
   * The stored profile item, whatever its state (merged, deleted), or
   * undefined: the one read of a customer's profile. Read whole, it comes
   * with the customer's score from its score item, in the same round trip
   * (one BatchGet of both).
   */
  async stored(
    customerId: string,
    options: { consistent?: boolean; attributes?: string[] } = {},
  ): Promise<Record<string, unknown> | undefined> {
    if (!options.attributes) {
      const found = await profilesWithScores(this.doc, this.tableName, this.tenantId, [customerId], {
        consistent: options.consistent ?? false,
      });
      return found.get(customerId);
    }
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: this.key(customerId),
        ConsistentRead: options.consistent ?? false,
        ...(options.attributes && { ProjectionExpression: options.attributes.join(", ") }),
      }),
    );
    return Item;
  }

  /**
   * The stored profile of a live customer, read consistently: a customer
   * merged into another answers where it went (410), a deleted or unknown one
   * is not found.
   */
  async live(customerId: string): Promise<Record<string, unknown>> {
    const item = await this.stored(customerId, { consistent: true });
    if (item?.mergedInto) throw mergedAway(item.mergedInto as string);
    if (!item || item.deletedAt) throw fail("customer-not-found");
    return item;
  }

  /** Who owns a customer, whatever its state (merged, deleted); undefined when there is none. */
  async ownerOf(customerId: string, consistent = false): Promise<string | undefined> {
    return (await this.stored(customerId, { consistent, attributes: ["ownerId"] }))?.ownerId as
      | string
      | undefined;
  }

  /** The profile item of a customer, with its index keys: by name, by owner (latest activity first), by stage. */
  profile(customer: Customer): Record<string, unknown> {
    const byName = nameOrderKey(customer.name, customer.id);
    // The score has its own item; a profile keeps only one it held before that (score-listing.ts).
    const { score, ...profile } = customer;
    return {
      ...this.key(customer.id),
      ...profile,
      ...(score && isScoreOnProfile(score) && { score }),
      gsi1pk: collections.customersByName(this.tenantId),
      gsi1sk: byName,
      gsi2pk: collections.customersByOwner(this.tenantId, customer.ownerId),
      gsi2sk: `${customer.lastActivityAt}#${customer.id}`,
      gsi3pk: collections.customersByStage(this.tenantId, customer.lifecycleStage),
      gsi3sk: byName,
    };
  }

  /**
   * The customer's items in listings other than its profile: one per tag,
   * per search key of its name (what ?q= finds), per score list (segment and
   * churn band) and one for its stage. Each is in a tenant-wide gsi1 list
   * (the stage's is the profile's gsi3) and in its owner's gsi2 list of the
   * same kind, and carries the owner, so a reassignment rewrites them all.
   */
  listingItems(customer: Customer): Record<string, unknown>[] {
    const byName = nameOrderKey(customer.name, customer.id);
    const common = { customerId: customer.id, ownerId: customer.ownerId };
    const own = (list: OwnerList, value: string, sortKey: string) => ({
      gsi2pk: collections.ownerListing(this.tenantId, customer.ownerId, list, value),
      gsi2sk: sortKey,
    });
    return [
      ...scoreListingItems(this.tenantId, customer),
      {
        ...keys.customerStageListing(this.tenantId, customer.id),
        ...common,
        ...own("STAGE", customer.lifecycleStage, byName),
      },
      ...customer.tags.map((tag) => ({
        ...keys.customerTag(this.tenantId, customer.id, tag),
        ...common,
        gsi1pk: collections.customersByTag(this.tenantId, tag),
        gsi1sk: byName,
        ...own("TAG", tag, byName),
      })),
      ...this.searchItems(customer),
    ];
  }

  /**
   * The customer's places in the search lists: under each search key of its
   * name in the name lists, each phone (its national number) in the phone
   * lists and each email in the email lists.
   */
  private searchItems(customer: Customer): Record<string, unknown>[] {
    return [
      ...searchKeys(customer.name).map((key) =>
        searchListingItem(
          this.tenantId,
          customer,
          keys.customerSearchKey(this.tenantId, customer.id, key),
          key,
          "name",
        ),
      ),
      ...contactPointKeys(customer).map(({ kind, key, match }) =>
        searchListingItem(
          this.tenantId,
          customer,
          keys.customerSearchKey(this.tenantId, customer.id, key, kind),
          key,
          kind,
          match,
        ),
      ),
    ];
  }

  /** Puts the listing items that are new or changed and deletes those that went (undefined: none before, or none after). */
  listingChanges(before: Customer | undefined, after: Customer | undefined): TransactAction[] {
    return itemChanges(
      this.tableName,
      before ? this.listingItems(before) : [],
      after ? this.listingItems(after) : [],
    );
  }

  claimKey(claim: Pick<Claim, "field" | "value">) {
    return claim.field === "emails"
      ? keys.emailClaim(this.tenantId, claim.value)
      : keys.phoneClaim(this.tenantId, claim.value);
  }

  /** Claims an email or phone for the customer, unless another holds it. */
  claimPut(claim: Claim, customerId: string): TransactAction {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...this.claimKey(claim), customerId },
        ConditionExpression: "attribute_not_exists(pk) OR customerId = :id",
        ExpressionAttributeValues: { ":id": customerId },
      },
    };
  }

  /** Releases a claim the customer holds (a claim another customer took meanwhile stays). */
  claimRelease(claim: Claim, customerId: string) {
    return {
      Delete: {
        TableName: this.tableName,
        Key: this.claimKey(claim),
        ConditionExpression: "customerId = :id",
        ExpressionAttributeValues: { ":id": customerId },
      },
    } satisfies TransactAction;
  }

  auditItem(action: string, customerId: string, by: Actor, at: string) {
    return {
      ...keys.auditEntry(this.tenantId, at, crypto.randomUUID()),
      at,
      action,
      customerId,
      by: by.id,
      byName: by.name,
    };
  }

  auditPut(action: string, customerId: string, by: Actor, at: string): TransactAction {
    return { Put: { TableName: this.tableName, Item: this.auditItem(action, customerId, by, at) } };
  }

  historyPut(customerId: string, change: CustomerChange): TransactAction {
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

  /**
   * Writes a live customer's new aggregates as the next version after
   * `version`, the one they were counted from; a transaction's first
   * action, whose condition failing means another writer moved them.
   */
  purchasesUpdate(customerId: string, purchases: Purchases, version: number, now: string): TransactAction {
    return {
      Update: {
        TableName: this.tableName,
        Key: this.key(customerId),
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
          ":activity": `${now}#${customerId}`,
        },
      },
    };
  }

  /** A check that the customer is still its owner's: items carrying the owner are written with it. */
  ownerCheck(customerId: string, ownerId: string): TransactAction {
    return {
      ConditionCheck: {
        TableName: this.tableName,
        Key: this.key(customerId),
        ConditionExpression: "ownerId = :owner",
        ExpressionAttributeValues: { ":owner": ownerId },
      },
    };
  }

  /** A customer's contacts (one Query of its partition's contacts, not its transactions). */
  async contactsOf(customerId: string): Promise<Contact[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :contacts)",
      ExpressionAttributeValues: {
        ":pk": collections.customer(this.tenantId, customerId),
        ":contacts": keys.contact(this.tenantId, customerId, "").sk,
      },
      ConsistentRead: true,
    });
    return items as unknown as Contact[];
  }

  /** Puts the search items of these contacts of a company, as its owner's. */
  async putContactSearch(company: { id: string; ownerId: string }, contacts: Contact[]) {
    await writeAll(
      this.doc,
      this.tableName,
      contacts.flatMap((contact) =>
        contactSearchItems(this.tenantId, company, contact).map(
          (Item): WriteRequest => ({ PutRequest: { Item } }),
        ),
      ),
    );
  }
}

/** The claims of a customer's emails and phones. */
export function claimsOf(customer: Pick<Customer, "emails" | "phones">): Claim[] {
  return [
    ...customer.emails.map((value, index) => ({ field: "emails" as const, index, value })),
    ...customer.phones.map((value, index) => ({ field: "phones" as const, index, value })),
  ];
}

/** The customer a stored profile item holds, without its keys and bookkeeping. */
export function toCustomer(item: Record<string, unknown>): Customer {
  const {
    pk: _pk,
    sk: _sk,
    deletedAt: _d,
    deletedBy: _b,
    purchasesVersion: _pv,
    mergedInto: _m,
    mergeDone: _md,
    ...rest
  } = item;
  const customer = Object.fromEntries(Object.entries(rest).filter(([key]) => !/^gsi\d(pk|sk)$/.test(key)));
  return customer as Customer;
}

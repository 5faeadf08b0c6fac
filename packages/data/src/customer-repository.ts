import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import {
  applyCustomFieldChange,
  type Contact,
  type Customer,
  type CustomerChange,
  type CustomerListing,
  type CustomerPatch,
  type CustomerScore,
  classifySearch,
  contactPointKeys,
  DomainError,
  diffCustomer,
  fail,
  fieldProblem,
  invalid,
  kindProblems,
  type LifecycleStage,
  mergedAway,
  mergeProfiles,
  nameOrderKey,
  type Purchases,
  purchasesOf,
  type SearchMatch,
  searchKeys,
  sortForm,
  staleVersion,
  type Transaction,
} from "@crm/domain";
import { deleteAll, getAll, type WriteRequest, writeAll } from "./batch.js";
import { type Capacity, tally } from "./capacity.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import {
  CONTACT_SEARCH_KEYS,
  collections,
  keys,
  type OwnerList,
  SEARCH_KEY_KINDS,
  type SearchKeyKind,
} from "./keys.js";
import { readLiveCustomer } from "./live-customer.js";
import { latestInPartition, queryAll } from "./paging.js";
import { contactSearchItems, firstCharacter, searchListingItem } from "./search-listing.js";
import {
  failedConditions,
  isConditionFailure,
  itemChanges,
  pauseBeforeRewrite,
  retryOnConflict,
} from "./transactions.js";

type Action = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];
type Claim = { field: "emails" | "phones"; index: number; value: string };
/** Who makes a change. */
export type Actor = { id: string; name: string };

/** A customer in a list; a search says what found it when it was not the name. */
export type ListedCustomer = Customer & { match?: SearchMatch };
export type CustomerPage = { items: ListedCustomer[]; nextCursor?: string };
export type DeletedCustomer = Customer & { deletedAt: string };

/** How long a deleted customer can be restored; the nightly job erases it after. */
export const RESTORE_DAYS = 30;
const DAY = 86_400_000;
/** How often an edit is written again because transactions moved the aggregates under it. */
const MAX_REWRITES = 16;
/** DynamoDB's limit on the items of one transaction. */
const MAX_TRANSACTION_ITEMS = 100;

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
      ...this.listingChanges(undefined, customer),
      this.historyPut(customer.id, {
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
      this.doc,
      this.tableName,
      [keys.customer(this.tenantId, customer.id), ...claimsOf(customer).map((claim) => this.claimKey(claim))],
      { consistent: true },
    );
    return found.length > 0;
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
    if (Item?.mergedInto) throw mergedAway(Item.mergedInto as string);
    return Item && !Item.deletedAt ? toCustomer(Item) : undefined;
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
    nowIso: string,
    attempt = 1,
  ): Promise<Customer> {
    const now = nowIso;
    return retryOnConflict(async () => {
      const raw = await this.raw(customerId);
      const before = toCustomer(raw);
      if (before.version !== expectedVersion) throw staleVersion(before.version);
      const purchasesVersion = (raw.purchasesVersion as number | undefined) ?? 0;
      // null in a patch clears an optional field.
      const merged = Object.fromEntries(
        Object.entries({
          ...before,
          ...patch,
          // A stage chosen by a person is pinned: the nightly scoring leaves it.
          ...(patch.lifecycleStage !== undefined &&
            patch.lifecycleStagePinned === undefined && { lifecycleStagePinned: true }),
          customFields: applyCustomFieldChange(before.customFields, patch.customFields),
        }).filter(([, value]) => value !== null && value !== undefined),
      ) as Customer;
      const problems = kindProblems(merged);
      if (problems.length > 0) throw invalid(problems);
      const changes = diffCustomer(before, merged);
      if (changes.length === 0) return before;
      const after: Customer = { ...merged, updatedAt: now, lastActivityAt: now, version: before.version + 1 };
      const held = new Set(claimsOf(before).map((claim) => `${claim.field}:${claim.value}`));
      const kept = new Set(claimsOf(after).map((claim) => `${claim.field}:${claim.value}`));
      const added = claimsOf(after).filter((claim) => !held.has(`${claim.field}:${claim.value}`));
      const released = claimsOf(before).filter((claim) => !kept.has(`${claim.field}:${claim.value}`));
      const actions: Action[] = [
        {
          Put: {
            TableName: this.tableName,
            Item: { ...this.item(after), purchasesVersion },
            // A transaction recorded meanwhile moved the aggregates: then this edit is written again over them.
            ConditionExpression:
              "#version = :expected AND attribute_not_exists(deletedAt) AND attribute_not_exists(mergedInto) AND (purchasesVersion = :pv OR attribute_not_exists(purchasesVersion))",
            ExpressionAttributeNames: { "#version": "version" },
            ExpressionAttributeValues: { ":expected": expectedVersion, ":pv": purchasesVersion },
          },
        },
        ...added.map((claim) => this.claimPut(claim, customerId)),
        ...this.listingChanges(before, after),
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
      if (actions.length > MAX_TRANSACTION_ITEMS) {
        throw invalid([fieldProblem("(body)", "too-many-changes")]);
      }
      try {
        await this.write(actions, added, 1);
      } catch (error) {
        if (failedConditions(error)?.includes(0)) {
          const current = await this.raw(customerId);
          if ((current.version as number) !== expectedVersion) throw staleVersion(current.version as number);
          // Transactions moved the aggregates meanwhile: write the edit again over them, a bounded number of times.
          if (attempt >= MAX_REWRITES) throw error;
          await pauseBeforeRewrite(attempt);
          return this.update(customerId, patch, expectedVersion, by, nowIso, attempt + 1);
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
    await this.putContactSearch({ id: customerId, ownerId }, await this.contactsOf(customerId));
  }

  /** Puts the search items of these contacts of a company, as its owner's. */
  private async putContactSearch(company: { id: string; ownerId: string }, contacts: Contact[]) {
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

  /** A customer's contacts (one Query of its partition's contacts, not its transactions). */
  private async contactsOf(customerId: string): Promise<Contact[]> {
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

  /** The stored item of a live customer, read consistently. */
  private raw(customerId: string): Promise<Record<string, unknown>> {
    return readLiveCustomer(this.doc, this.tableName, this.tenantId, customerId);
  }

  /**
   * One page of customers along an access pattern: by name (optionally a name
   * prefix), by owner (most recent activity first), by lifecycle stage or by
   * tag (both by name), by segment or churn band (most value first). Each is
   * one Query of one index partition, with no filter: a rep who sees only
   * their own customers reads their owner-scoped partitions, so a page holds
   * only their customers and costs only their reads. Lists of pointers (tags,
   * search keys, scores, stages) are followed by a BatchGet of the customers,
   * each checked again against what the list claims (owner, tag, stage,
   * score), so a pointer left behind by a reassignment or a race shows nothing.
   */
  async list(
    options: CustomerListing & { cursor?: string; limit: number; phoneRegion?: string },
  ): Promise<CustomerPage> {
    // ?q= is a name, a phone or an email (classifySearch): it reads the search lists of its kind.
    // Lists by stage or tag narrow by name only.
    const search = options.prefix ? classifySearch(options.prefix, options.phoneRegion) : undefined;
    const prefix = search?.key ?? "";
    // A phone begun with only its country code ("+86") names no number yet.
    if (search && !prefix) return { items: [] };
    const listing = this.listingOf(options.by, prefix, options.onlyOwnerId, search?.kind);
    const names: Record<string, string> = { "#pk": listing.partitionKey };
    const values: Record<string, unknown> = { ":p": listing.partition };
    let condition = "#pk = :p";
    if (prefix && listing.prefixOnSortKey) {
      condition += " AND begins_with(#sk, :prefix)";
      names["#sk"] = listing.sortKey;
      // Lists sort by the pinyin-ordered sort form; a prefix of a name is a prefix of it.
      values[":prefix"] = sortForm(prefix);
    }
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: listing.index,
        KeyConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: listing.forward,
        ExclusiveStartKey: decodeCursor(options.cursor, {
          attributes: ["pk", "sk", listing.partitionKey, listing.sortKey],
          partition: { name: listing.partitionKey, value: listing.partition },
        }),
        Limit: options.limit,
      }),
    );
    const found = page.Items ?? [];
    const owner = listing.owner;
    const belongs = (customer: Customer) =>
      (owner === undefined || customer.ownerId === owner) && listedIn(customer, options.by);
    // Pointers name their customers; a customer found under two search keys is listed once.
    const items = listing.pointers
      ? (await this.byIds([...new Set(found.map((item) => item.customerId as string))]))
          .filter(belongs)
          .map((customer) => withMatch(customer, found))
      : found.map(toCustomer).filter(belongs);
    return { items, nextCursor: encodeCursor(page.LastEvaluatedKey) };
  }

  /** The index partition a listing reads, and how. */
  private listingOf(
    by: CustomerListing["by"],
    prefix: string,
    onlyOwnerId: string | undefined,
    kind: SearchKeyKind = "name",
  ) {
    const owner = "ownerId" in by ? by.ownerId : onlyOwnerId;
    const index = (name: "gsi1" | "gsi2" | "gsi3", partition: string) => ({
      index: name,
      partitionKey: `${name}pk`,
      sortKey: `${name}sk`,
      partition,
      owner,
    });
    // Pointer lists by name (a prefix narrows them), and by value (most valuable first; a prefix does not apply).
    const byName = { pointers: true, prefixOnSortKey: true, forward: true };
    const byValue = { pointers: true, prefixOnSortKey: false, forward: false };
    if (owner !== undefined) {
      const own = (list: OwnerList, value: string) =>
        index("gsi2", collections.ownerListing(this.tenantId, owner, list, value));
      if ("segment" in by) return { ...own("SEGMENT", by.segment), ...byValue };
      if ("churnRisk" in by) return { ...own("CHURN", by.churnRisk), ...byValue };
      if ("stage" in by) return { ...own("STAGE", by.stage), ...byName };
      if ("tag" in by) return { ...own("TAG", by.tag), ...byName };
      if (prefix) return { ...own(SEARCH_KEY_KINDS[kind].list, firstCharacter(prefix)), ...byName };
      // The owner's customers, most recent activity first: their profiles.
      return {
        ...index("gsi2", collections.customersByOwner(this.tenantId, owner)),
        pointers: false,
        prefixOnSortKey: false,
        forward: false,
      };
    }
    const wide = (partition: string) => index("gsi1", partition);
    const profiles = { pointers: false, prefixOnSortKey: true, forward: true };
    if ("segment" in by)
      return { ...wide(collections.customersBySegment(this.tenantId, by.segment)), ...byValue };
    if ("churnRisk" in by)
      return { ...wide(collections.customersByChurnRisk(this.tenantId, by.churnRisk)), ...byValue };
    if ("stage" in by)
      return { ...index("gsi3", collections.customersByStage(this.tenantId, by.stage)), ...profiles };
    if ("tag" in by) return { ...wide(collections.customersByTag(this.tenantId, by.tag)), ...byName };
    if (prefix) return { ...wide(collections.customerSearchKeys(this.tenantId, prefix, kind)), ...byName };
    return { ...wide(collections.customersByName(this.tenantId)), ...profiles };
  }

  /** Customers by id, in the order given, leaving out deleted and merged ones. */
  private async byIds(ids: string[]): Promise<Customer[]> {
    if (ids.length === 0) return [];
    const found = await getAll(
      this.doc,
      this.tableName,
      ids.map((id) => keys.customer(this.tenantId, id)),
    );
    const byId = new Map(
      found.filter((item) => !item.deletedAt && !item.mergedInto).map((item) => [item.id, toCustomer(item)]),
    );
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /**
   * Deletes softly: the customer leaves every list (its index keys and tag
   * items go) but keeps its emails and phones, so it can be restored for
   * RESTORE_DAYS. Recorded in its history and the tenant's audit log.
   */
  async softDelete(customerId: string, by: Actor, now: string): Promise<void> {
    const before = await this.get(customerId, true);
    const { gsi1pk: _1, gsi1sk: _2, gsi2pk: _3, gsi2sk: _4, ...kept } = this.item(before);
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: {
                ...kept,
                version: before.version + 1,
                deletedAt: now,
                deletedBy: by.id,
                gsi3pk: collections.deletedCustomers(this.tenantId),
                gsi3sk: `${now}#${customerId}`,
                // The owner's own Deleted list: a rep reads only theirs.
                gsi2pk: collections.deletedCustomersByOwner(this.tenantId, before.ownerId),
                gsi2sk: `${now}#${customerId}`,
              },
              ConditionExpression: "#version = :version AND attribute_not_exists(deletedAt)",
              ExpressionAttributeNames: { "#version": "version" },
              ExpressionAttributeValues: { ":version": before.version },
            },
          },
          ...this.listingChanges(before, undefined),
          this.historyPut(customerId, {
            at: now,
            by: by.id,
            byName: by.name,
            action: "deleted",
            changes: [],
          }),
          this.auditPut("customer.deleted", customerId, by, now),
        ],
      }),
    );
  }

  /**
   * Brings a deleted customer back, within RESTORE_DAYS of its deletion.
   * `may` decides whether the caller may restore this one (a rep: only their
   * own); when it says no, the answer is the same as for a customer that
   * cannot be restored, so it tells nothing of customers the caller may not see.
   */
  async restore(
    customerId: string,
    by: Actor,
    now: string,
    may: (deleted: DeletedCustomer & { deletedBy?: string }) => boolean = () => true,
  ): Promise<Customer> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.customer(this.tenantId, customerId),
        ConsistentRead: true,
      }),
    );
    const deletedAt = Item?.deletedAt as string | undefined;
    if (!Item || !deletedAt || Date.parse(now) - Date.parse(deletedAt) > RESTORE_DAYS * DAY) {
      throw fail("restorable-customer-not-found");
    }
    const before = toCustomer(Item);
    if (!may({ ...before, deletedAt, ...(Item.deletedBy && { deletedBy: Item.deletedBy as string }) })) {
      throw fail("restorable-customer-not-found");
    }
    const after: Customer = { ...before, updatedAt: now, lastActivityAt: now, version: before.version + 1 };
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: this.item(after),
              ConditionExpression: "deletedAt = :deletedAt",
              ExpressionAttributeValues: { ":deletedAt": deletedAt },
            },
          },
          ...this.listingChanges(undefined, after),
          this.historyPut(customerId, {
            at: now,
            by: by.id,
            byName: by.name,
            action: "restored",
            changes: [],
          }),
          this.auditPut("customer.restored", customerId, by, now),
        ],
      }),
    );
    return after;
  }

  /**
   * Removes the customer and everything about it for good (a privacy request):
   * its claims, its history, tags and every other item in its partition. The
   * audit entry, written first, keeps only the id. Safe to run again after an
   * interruption: the profile goes last.
   */
  async erase(customerId: string, by: Actor, now: string): Promise<void> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.customer(this.tenantId, customerId),
        ConsistentRead: true,
      }),
    );
    if (!Item) throw fail("customer-not-found");
    const customer = toCustomer(Item);
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: this.auditItem("customer.erased", customerId, by, now),
      }),
    );
    for (const claim of claimsOf(customer)) {
      await this.doc
        .send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: this.claimKey(claim),
            ConditionExpression: "customerId = :id",
            ExpressionAttributeValues: { ":id": customerId },
          }),
        )
        .catch((error: unknown) => {
          if (!isConditionFailure(error)) throw error;
        });
    }
    const profile = keys.customer(this.tenantId, customerId);
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": profile.pk },
      ProjectionExpression: "pk, sk",
    });
    await deleteAll(
      this.doc,
      this.tableName,
      items.filter((item) => item.sk !== profile.sk),
    );
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: profile }));
  }

  /** Deleted customers, most recently deleted first (those still restorable, and any not yet purged). */
  async listDeleted(options: {
    /** Only this owner's, from their own partition (what a rep reads). */
    ownerId?: string;
    cursor?: string;
    limit: number;
  }): Promise<{ items: DeletedCustomer[]; nextCursor?: string }> {
    const index = options.ownerId === undefined ? "gsi3" : "gsi2";
    const partition =
      options.ownerId === undefined
        ? collections.deletedCustomers(this.tenantId)
        : collections.deletedCustomersByOwner(this.tenantId, options.ownerId);
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
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
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: "gsi3",
        KeyConditionExpression: "gsi3pk = :p",
        ExpressionAttributeValues: { ":p": collections.deletedCustomers(this.tenantId) },
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
        await this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: keys.customer(this.tenantId, customerId),
            UpdateExpression: "SET gsi2pk = :owned, gsi2sk = :byDeletion",
            ConditionExpression:
              "deletedAt = :deletedAt AND ownerId = :owner AND attribute_not_exists(gsi2pk)",
            ExpressionAttributeValues: {
              ":owned": collections.deletedCustomersByOwner(this.tenantId, item.ownerId as string),
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

  /** Erases the customers deleted more than RESTORE_DAYS before `now`; says how many. */
  async purgeDeleted(now: string): Promise<number> {
    const cutoff = new Date(Date.parse(now) - RESTORE_DAYS * DAY).toISOString();
    const system = { id: "system", name: "Nightly purge" };
    const expired = await queryAll(this.doc, {
      TableName: this.tableName,
      IndexName: "gsi3",
      KeyConditionExpression: "gsi3pk = :p AND gsi3sk < :cutoff",
      ExpressionAttributeValues: { ":p": collections.deletedCustomers(this.tenantId), ":cutoff": cutoff },
      ProjectionExpression: "id",
    });
    let erased = 0;
    for (const item of expired) {
      await this.erase(item.id as string, system, now);
      erased++;
    }
    return erased;
  }

  /**
   * Merges the duplicate into the survivor. Every step can run again, so an
   * interrupted merge finishes when asked once more, and a finished one
   * changes nothing: (1) the duplicate is marked merged, which takes it out
   * of every list and stops edits and transactions on it; (2) its contacts
   * and transactions are copied to the survivor (a copy never overwrites)
   * and its external references point to the survivor; (3) its other items
   * go; (4) in one transaction the survivor takes the united profile and the
   * aggregates recomputed from all its transactions, the duplicate's emails
   * and phones are claimed for it, and the merge is recorded.
   */
  async merge(
    survivorId: string,
    duplicateId: string,
    by: Actor,
    now: string,
    timeZone: string,
  ): Promise<Customer> {
    if (survivorId === duplicateId) {
      throw invalid([fieldProblem("duplicateId", "merge-same-customer")]);
    }
    let duplicateItem = await this.rawAny(duplicateId);
    const survivor = toCustomer(await this.raw(survivorId));
    if (duplicateItem.mergedInto && duplicateItem.mergedInto !== survivorId) {
      throw mergedAway(duplicateItem.mergedInto as string);
    }
    if (duplicateItem.mergeDone) return survivor;
    const duplicate = toCustomer(duplicateItem);
    const moving = await this.partitionItems(duplicateId, ["TXN#", "CONTACT#"]);
    const currencies = new Set(
      moving.filter((item) => String(item.sk).startsWith("TXN#")).map((item) => item.currency as string),
    );
    if (survivor.purchases.count > 0 || survivor.purchases.netAmount !== 0)
      currencies.add(survivor.purchases.currency);
    if (currencies.size > 1) {
      throw fail("merge-currencies-differ");
    }
    if (!duplicateItem.mergedInto) {
      await this.doc
        .send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: keys.customer(this.tenantId, duplicateId),
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
    await this.deleteItems(leftovers);
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
    const raw = await this.raw(survivorId);
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
    const claims = claimsOf(duplicate);
    const actions: Action[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...this.item(after), purchasesVersion: purchasesVersion + 1 },
          ConditionExpression:
            "#version = :version AND attribute_not_exists(deletedAt) AND attribute_not_exists(mergedInto) AND (purchasesVersion = :pv OR attribute_not_exists(purchasesVersion))",
          ExpressionAttributeNames: { "#version": "version" },
          ExpressionAttributeValues: { ":version": before.version, ":pv": purchasesVersion },
        },
      },
      ...claims.map(
        (claim): Action => ({
          Put: {
            TableName: this.tableName,
            Item: { ...this.claimKey(claim), customerId: survivorId },
            ConditionExpression: "customerId IN (:duplicate, :survivor)",
            ExpressionAttributeValues: { ":duplicate": duplicate.id, ":survivor": survivorId },
          },
        }),
      ),
      ...this.listingChanges(before, after),
      this.historyPut(survivorId, {
        at: now,
        by: by.id,
        byName: by.name,
        action: "merged",
        changes: diffCustomer(before, after),
        mergedFrom: { id: duplicate.id, name: duplicate.name },
      }),
      {
        Update: {
          TableName: this.tableName,
          Key: keys.customer(this.tenantId, duplicate.id),
          UpdateExpression: "SET mergeDone = :now",
          ConditionExpression: "mergedInto = :survivor",
          ExpressionAttributeValues: { ":now": now, ":survivor": survivorId },
        },
      },
      this.auditPut("customer.merged", duplicate.id, by, now),
    ];
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: actions }));
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
    const hasPrimary = (await this.partitionItems(survivorId, ["CONTACT#"])).some((item) => item.primary);
    const survivorPartition = collections.customer(this.tenantId, survivorId);
    await inBatches(items, 10, async (item) => {
      const copy = {
        ...item,
        pk: survivorPartition,
        customerId: survivorId,
        ...(String(item.sk).startsWith("CONTACT#") && hasPrimary && { primary: false }),
      };
      await this.doc
        .send(
          new PutCommand({
            TableName: this.tableName,
            Item: copy,
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        )
        .catch((error: unknown) => {
          if (!isConditionFailure(error)) throw error;
        });
      if (typeof item.externalRef === "string") {
        await this.doc
          .send(
            new UpdateCommand({
              TableName: this.tableName,
              Key: keys.externalRefClaim(this.tenantId, item.externalRef),
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
    const ownerId = await this.ownerOf(survivorId);
    const contacts = items.filter((item) => String(item.sk).startsWith("CONTACT#")) as unknown as Contact[];
    if (ownerId === undefined || contacts.length === 0) return;
    await this.putContactSearch({ id: survivorId, ownerId }, contacts);
  }

  /** The items of a customer's partition whose sort keys start with one of the prefixes. */
  private async partitionItems(customerId: string, prefixes: string[]) {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": collections.customer(this.tenantId, customerId) },
      ConsistentRead: true,
    });
    return items.filter((item) => prefixes.some((prefix) => String(item.sk).startsWith(prefix)));
  }

  private async deleteItems(items: Record<string, unknown>[]) {
    await deleteAll(this.doc, this.tableName, items);
  }

  /**
   * One page of the tenant's live customers in name order, for the nightly
   * scoring: profiles with their aggregates, scores and stages. The cursor
   * is DynamoDB's own key, kept in the run's checkpoint.
   */
  async scoringPage(
    cursor: Record<string, unknown> | undefined,
    limit: number,
    capacity?: Capacity,
  ): Promise<{ customers: Customer[]; next?: Record<string, unknown> }> {
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :p",
        ExpressionAttributeValues: { ":p": collections.customersByName(this.tenantId) },
        ExclusiveStartKey: cursor,
        Limit: limit,
        ReturnConsumedCapacity: "TOTAL",
      }),
    );
    tally(capacity, "read", page.ConsumedCapacity);
    return { customers: (page.Items ?? []).map(toCustomer), next: page.LastEvaluatedKey };
  }

  /**
   * Writes again the listing items of one page of live customers (in name
   * order): for upgrades that add index keys to them. Puts of what the
   * profile says, so running a page twice changes nothing more.
   */
  async rewriteListings(
    cursor: Record<string, unknown> | undefined,
    limit: number,
  ): Promise<{ rewritten: number; next?: Record<string, unknown> }> {
    const page = await this.scoringPage(cursor, limit);
    await writeAll(
      this.doc,
      this.tableName,
      page.customers.flatMap((customer) =>
        this.listingItems(customer).map((Item): WriteRequest => ({ PutRequest: { Item } })),
      ),
    );
    return { rewritten: page.customers.length, ...(page.next && { next: page.next }) };
  }

  /**
   * Upgrade to pinyin order and search by phone and email, one page of live
   * customers (in name order as stored) at a time: each profile's name sort
   * keys, its listing items by name (now also under its phones and emails)
   * and, for a company, its contacts' search items. A customer is written in
   * one transaction under the version (and stage) read, a contact's items
   * under the contact's version and the company's owner, so what an edit
   * wrote meanwhile (the new way already) is left as it is. The score lists
   * do not sort by name and are not touched. A page written twice changes nothing more.
   */
  async rewriteSearchListings(
    cursor: Record<string, unknown> | undefined,
    limit: number,
  ): Promise<{ rewritten: number; next?: Record<string, unknown> }> {
    const page = await this.scoringPage(cursor, limit);
    await inBatches(page.customers, 8, async (customer) => {
      const byName = nameOrderKey(customer.name, customer.id);
      const listing = this.listingItems(customer).filter((item) => !String(item.sk).startsWith("SCORE#"));
      try {
        await this.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.tableName,
                  Key: keys.customer(this.tenantId, customer.id),
                  UpdateExpression: "SET gsi1sk = :byName, gsi3sk = :byName",
                  ConditionExpression:
                    "#version = :version AND lifecycleStage = :stage AND attribute_not_exists(deletedAt) AND attribute_not_exists(mergedInto)",
                  ExpressionAttributeNames: { "#version": "version" },
                  ExpressionAttributeValues: {
                    ":byName": byName,
                    ":version": customer.version,
                    ":stage": customer.lifecycleStage,
                  },
                },
              },
              ...listing.map((Item): Action => ({ Put: { TableName: this.tableName, Item } })),
            ],
          }),
        );
      } catch (error) {
        if (failedConditions(error)) return;
        throw error;
      }
      if (customer.kind !== "company") return;
      for (const contact of await this.contactsOf(customer.id)) {
        const items = contactSearchItems(this.tenantId, customer, contact);
        if (items.length === 0) continue;
        await this.doc
          .send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  ConditionCheck: {
                    TableName: this.tableName,
                    Key: keys.contact(this.tenantId, customer.id, contact.id),
                    ConditionExpression: "#version = :version",
                    ExpressionAttributeNames: { "#version": "version" },
                    ExpressionAttributeValues: { ":version": contact.version },
                  },
                },
                {
                  ConditionCheck: {
                    TableName: this.tableName,
                    Key: keys.customer(this.tenantId, customer.id),
                    ConditionExpression: "ownerId = :owner",
                    ExpressionAttributeValues: { ":owner": customer.ownerId },
                  },
                },
                ...items.map((Item): Action => ({ Put: { TableName: this.tableName, Item } })),
              ],
            }),
          )
          .catch((error: unknown) => {
            if (!failedConditions(error)) throw error;
          });
      }
    });
    return { rewritten: page.customers.length, ...(page.next && { next: page.next }) };
  }

  /**
   * Writes new scores (and, where the stage is not pinned, the stage they
   * give): first the customers' places in the segment and churn lists, then
   * each profile, so a run that dies between the two writes both again when
   * it continues (the profile still holds the old score). A customer deleted,
   * merged or pinned meanwhile keeps what it has; false for those.
   */
  async saveScores(
    changes: Array<{ before: Customer; score: CustomerScore | undefined; stage: LifecycleStage }>,
    capacity?: Capacity,
  ): Promise<boolean[]> {
    const afterOf = ({ before, score, stage }: (typeof changes)[number]): Customer => {
      const { score: _old, ...rest } = before;
      return { ...rest, ...(score && { score }), lifecycleStage: stage };
    };
    const listing = changes.flatMap((change) =>
      this.listingChanges(change.before, afterOf(change)).filter((action) =>
        /^(SCORE#|STAGE$)/.test(String(action.Put?.Item?.sk ?? action.Delete?.Key?.sk ?? "")),
      ),
    );
    const requests = listing.map(
      (action): WriteRequest =>
        action.Put
          ? { PutRequest: { Item: action.Put.Item ?? {} } }
          : { DeleteRequest: { Key: action.Delete?.Key ?? {} } },
    );
    await writeAll(this.doc, this.tableName, requests, {
      onCapacity: (consumed) => tally(capacity, "write", consumed),
    });
    const saved: boolean[] = [];
    await inBatches([...changes.entries()], 8, async ([index, change]) => {
      const stageMoves = change.stage !== change.before.lifecycleStage;
      const values: Record<string, unknown> = { ":owner": change.before.ownerId };
      const sets: string[] = [];
      if (change.score) {
        sets.push("score = :score");
        values[":score"] = change.score;
      }
      if (stageMoves) {
        sets.push("lifecycleStage = :stage", "gsi3pk = :stagePartition");
        values[":stage"] = change.stage;
        values[":stagePartition"] = collections.customersByStage(this.tenantId, change.stage);
        values[":pinned"] = true;
      }
      try {
        const result = await this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: keys.customer(this.tenantId, change.before.id),
            UpdateExpression: `${sets.length > 0 ? `SET ${sets.join(", ")}` : ""}${change.score ? "" : " REMOVE score"}`,
            // The owner the score's list places were written for: a reassignment meanwhile leaves the score to the next run.
            ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(deletedAt) AND attribute_not_exists(mergedInto) AND ownerId = :owner${
              stageMoves
                ? " AND (attribute_not_exists(lifecycleStagePinned) OR lifecycleStagePinned <> :pinned)"
                : ""
            }`,
            ExpressionAttributeValues: values,
            ReturnConsumedCapacity: "TOTAL",
          }),
        );
        tally(capacity, "write", result.ConsumedCapacity);
        saved[index] = true;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        saved[index] = false;
      }
    });
    return saved;
  }

  /** The stored profile item, merged or not; 404 when missing or deleted. */
  private async rawAny(customerId: string): Promise<Record<string, unknown>> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.customer(this.tenantId, customerId),
        ConsistentRead: true,
      }),
    );
    if (!Item || Item.deletedAt) throw fail("customer-not-found");
    return Item;
  }

  /** Who owns a customer, whatever its state (merged, deleted); undefined when there is none. */
  async ownerOf(customerId: string): Promise<string | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.customer(this.tenantId, customerId),
        ProjectionExpression: "ownerId",
      }),
    );
    return Item?.ownerId as string | undefined;
  }

  /** The customer holding an email or a phone (E.164), if any. */
  async findByClaim(field: Claim["field"], value: string): Promise<Customer | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: this.claimKey({ field, index: 0, value }) }),
    );
    if (!Item) return undefined;
    try {
      return await this.find(Item.customerId);
    } catch (error) {
      // Mid-merge the claim still names the duplicate: the holder is the survivor.
      if (error instanceof DomainError && error.kind === "gone")
        return this.find(error.details.mergedInto as string);
      throw error;
    }
  }

  /** The change history, newest first. */
  async history(customerId: string, options: { cursor?: string; limit: number }) {
    const page = await latestInPartition(this.doc, this.tableName, {
      partition: collections.customer(this.tenantId, customerId),
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

  private item(customer: Customer) {
    const byName = nameOrderKey(customer.name, customer.id);
    return {
      ...keys.customer(this.tenantId, customer.id),
      ...customer,
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
  private listingItems(customer: Customer): Record<string, unknown>[] {
    const byName = nameOrderKey(customer.name, customer.id);
    const common = { customerId: customer.id, ownerId: customer.ownerId };
    const own = (list: OwnerList, value: string, sortKey: string) => ({
      gsi2pk: collections.ownerListing(this.tenantId, customer.ownerId, list, value),
      gsi2sk: sortKey,
    });
    const score = customer.score;
    return [
      // Its place in its segment's list (most predicted value first) and its churn band's (most value to date first).
      ...(score
        ? [
            {
              ...keys.customerSegment(this.tenantId, customer.id),
              ...common,
              gsi1pk: collections.customersBySegment(this.tenantId, score.segment),
              gsi1sk: `${sortableAmount(score.predictedValue)}#${customer.id}`,
              ...own("SEGMENT", score.segment, `${sortableAmount(score.predictedValue)}#${customer.id}`),
            },
            {
              ...keys.customerChurnRisk(this.tenantId, customer.id),
              ...common,
              gsi1pk: collections.customersByChurnRisk(this.tenantId, score.churnRisk),
              gsi1sk: `${sortableAmount(score.historicalValue)}#${customer.id}`,
              ...own("CHURN", score.churnRisk, `${sortableAmount(score.historicalValue)}#${customer.id}`),
            },
          ]
        : []),
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
  private listingChanges(before: Customer | undefined, after: Customer | undefined): Action[] {
    return itemChanges(
      this.tableName,
      before ? this.listingItems(before) : [],
      after ? this.listingItems(after) : [],
    );
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

  private auditItem(action: string, customerId: string, by: Actor, at: string) {
    return {
      ...keys.auditEntry(this.tenantId, at, crypto.randomUUID()),
      at,
      action,
      customerId,
      by: by.id,
      byName: by.name,
    };
  }

  private auditPut(action: string, customerId: string, by: Actor, at: string): Action {
    return { Put: { TableName: this.tableName, Item: this.auditItem(action, customerId, by, at) } };
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
      const code = claim.field === "emails" ? "email-of-other-customer" : "phone-of-other-customer";
      throw fail(code, { existingId, fields: [`${claim.field}.${claim.index}`] });
    }
  }
}

/** Runs work over items with a bounded number in flight. */
async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<void>) {
  for (let start = 0; start < items.length; start += size) {
    await Promise.all(items.slice(start, start + size).map(work));
  }
}

function claimsOf(customer: Pick<Customer, "emails" | "phones">): Claim[] {
  return [
    ...customer.emails.map((value, index) => ({ field: "emails" as const, index, value })),
    ...customer.phones.map((value, index) => ({ field: "phones" as const, index, value })),
  ];
}

function toCustomer(item: Record<string, unknown>): Customer {
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

/**
 * The customer with what found it, when a search found it only by a phone or
 * an email (its own or a contact's): found by its name anywhere on the page, nothing.
 */
function withMatch(customer: Customer, found: Record<string, unknown>[]): ListedCustomer {
  let match: SearchMatch | undefined;
  for (const item of found) {
    if (item.customerId !== customer.id) continue;
    if (!item.match) return customer;
    match ??= item.match as SearchMatch;
  }
  return match ? { ...customer, match } : customer;
}

/** Whether the customer is still what a list says of it: pointers can outlive a change by a moment. */
function listedIn(customer: Customer, by: CustomerListing["by"]): boolean {
  if ("tag" in by) return customer.tags.includes(by.tag);
  if ("stage" in by) return customer.lifecycleStage === by.stage;
  if ("segment" in by) return customer.score?.segment === by.segment;
  if ("churnRisk" in by) return customer.score?.churnRisk === by.churnRisk;
  if ("ownerId" in by) return customer.ownerId === by.ownerId;
  return true;
}

/** A non-negative amount as a fixed-width string, so that index sort keys order by it. */
export function sortableAmount(amount: number): string {
  return String(Math.max(0, Math.min(Math.round(amount), 999_999_999_999_999))).padStart(15, "0");
}

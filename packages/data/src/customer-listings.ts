import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { type Customer, type CustomerListing, classifySearch, type SearchMatch, sortForm } from "@crm/domain";
import { type Capacity, tally } from "./capacity.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { type CustomerItems, toCustomer } from "./customer-item.js";
import { collections, type OwnerList, SEARCH_KEY_KINDS, type SearchKeyKind } from "./keys.js";
import { profilesWithScores } from "./score-listing.js";
import { firstCharacter } from "./search-listing.js";

/** A customer in a list; a search says what found it when it was not the name. */
export type ListedCustomer = Customer & { match?: SearchMatch };
export type CustomerPage = { items: ListedCustomer[]; nextCursor?: string };

/**
 * The lists of a tenant's customers: by name, owner, stage, tag, segment,
 * churn band and search key, each one Query of one index partition.
 */
export class CustomerListings {
  constructor(private readonly items: CustomerItems) {}

  private get tenantId() {
    return this.items.tenantId;
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
    const page = await this.items.doc.send(
      new QueryCommand({
        TableName: this.items.tableName,
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
      : (await this.withScores(found)).filter(belongs);
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

  /** Customers by id, with their scores (one BatchGet of profiles and score items), in the order given, leaving out deleted and merged ones. */
  private async byIds(ids: string[]): Promise<Customer[]> {
    if (ids.length === 0) return [];
    const found = await profilesWithScores(this.items.doc, this.items.tableName, this.tenantId, ids);
    return ids.flatMap((id) => {
      const item = found.get(id);
      return item && !item.deletedAt && !item.mergedInto ? [toCustomer(item)] : [];
    });
  }

  /** Profiles an index listed, as customers with their scores: one BatchGet of their score items. */
  private async withScores(profiles: Record<string, unknown>[]): Promise<Customer[]> {
    const found = await profilesWithScores(
      this.items.doc,
      this.items.tableName,
      this.tenantId,
      profiles.map((profile) => profile.id as string),
      { profiles },
    );
    return profiles.map((profile) => toCustomer(found.get(profile.id as string) ?? profile));
  }

  /**
   * One page of the tenant's live customers in name order: their profiles,
   * with aggregates and stages, without the scores in their score items
   * (CustomerScores.scoringPage adds them). The cursor is DynamoDB's own
   * key, for jobs that keep it in a checkpoint.
   */
  async byNamePage(
    cursor: Record<string, unknown> | undefined,
    limit: number,
    capacity?: Capacity,
  ): Promise<{ customers: Customer[]; next?: Record<string, unknown> }> {
    const page = await this.items.doc.send(
      new QueryCommand({
        TableName: this.items.tableName,
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

import { PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Customer, CustomerScore, LifecycleStage } from "@crm/domain";
import { getAll, inBatches, type WriteRequest, writeAll } from "./batch.js";
import { type Capacity, tally } from "./capacity.js";
import type { CustomerItems } from "./customer-item.js";
import type { CustomerListings } from "./customer-listings.js";
import { collections, keys } from "./keys.js";
import { isScoreOnProfile, profilesWithScores, scoreListingItems } from "./score-listing.js";
import { isConditionFailure } from "./transactions.js";

/**
 * The nightly scoring's reads and writes of customers: their scores, each in
 * its own item beside the profile (score-listing.ts), and the stages they give.
 */
export class CustomerScores {
  constructor(
    private readonly items: CustomerItems,
    private readonly listings: CustomerListings,
  ) {}

  /**
   * One page of the tenant's live customers in name order, for the nightly
   * scoring: profiles with their aggregates and stages, and their scores
   * from their score items (one BatchGet). A score item written for another
   * owner than the profile's (a reassignment that raced a night) reads as
   * no score, so the night writes it again in the owner's lists. The fit
   * pass, which needs only the aggregates, reads no score items. The cursor
   * is DynamoDB's own key, kept in the run's checkpoint.
   */
  async scoringPage(
    cursor: Record<string, unknown> | undefined,
    limit: number,
    capacity?: Capacity,
    options: { scores?: boolean } = {},
  ): Promise<{ customers: Customer[]; next?: Record<string, unknown> }> {
    const { doc, tableName, tenantId } = this.items;
    const page = await this.listings.byNamePage(cursor, limit, capacity);
    if (options.scores === false) return page;
    const scored = await profilesWithScores(
      doc,
      tableName,
      tenantId,
      page.customers.map((customer) => customer.id),
      { profiles: page.customers, capacity, sameOwner: true },
    );
    const customers = page.customers.map((customer) => (scored.get(customer.id) ?? customer) as Customer);
    return { customers, ...(page.next && { next: page.next }) };
  }

  /**
   * Writes new scores (and, where the stage is not pinned, the stage they
   * give). A changed score is its score item and churn list place, written
   * in batches; the profile is written only when the stage moves (or to drop
   * a score it still held from before scores had their own item), under a
   * condition: a customer deleted, merged, reassigned or pinned meanwhile
   * keeps its stage, false for those. Score items are written first, so a
   * run that dies between the two writes both again when it continues (the
   * profile still has the old stage). Score and stage items written for a
   * customer erased, deleted or merged meanwhile are deleted again
   * (dropListingsOfGone).
   */
  async saveScores(
    changes: Array<{ before: Customer; score: CustomerScore | undefined; stage: LifecycleStage }>,
    capacity?: Capacity,
  ): Promise<boolean[]> {
    const { doc, tableName, tenantId } = this.items;
    const afterOf = ({ before, score, stage }: (typeof changes)[number]): Customer => {
      const { score: _old, ...rest } = before;
      return { ...rest, ...(score && { score }), lifecycleStage: stage };
    };
    const listing = changes.flatMap((change) =>
      this.items
        .listingChanges(change.before, afterOf(change))
        .filter((action) =>
          /^(SCORE#|STAGE$)/.test(String(action.Put?.Item?.sk ?? action.Delete?.Key?.sk ?? "")),
        ),
    );
    const requests = listing.map(
      (action): WriteRequest =>
        action.Put
          ? { PutRequest: { Item: action.Put.Item ?? {} } }
          : { DeleteRequest: { Key: action.Delete?.Key ?? {} } },
    );
    await writeAll(doc, tableName, requests, {
      onCapacity: (consumed) => tally(capacity, "write", consumed),
    });
    const saved = changes.map(() => true);
    // Customers whose profile write found them live after their score items were written.
    const live = new Set<string>();
    await inBatches([...changes.entries()], 8, async ([index, change]) => {
      const stageMoves = change.stage !== change.before.lifecycleStage;
      const scoreLeavesProfile = isScoreOnProfile(change.before.score);
      if (!stageMoves && !scoreLeavesProfile) return;
      const values: Record<string, unknown> = { ":owner": change.before.ownerId };
      const sets: string[] = [];
      if (stageMoves) {
        sets.push("lifecycleStage = :stage", "gsi3pk = :stagePartition");
        values[":stage"] = change.stage;
        values[":stagePartition"] = collections.customersByStage(tenantId, change.stage);
        values[":pinned"] = true;
      }
      try {
        const result = await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: this.items.key(change.before.id),
            UpdateExpression: [
              sets.length > 0 ? `SET ${sets.join(", ")}` : "",
              scoreLeavesProfile ? "REMOVE score" : "",
            ]
              .filter(Boolean)
              .join(" "),
            // The owner the stage's list place was written for: a reassignment meanwhile leaves the stage to the next run.
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
        live.add(change.before.id);
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        saved[index] = false;
      }
    });
    const written = new Map<string, Array<Record<string, unknown>>>();
    for (const action of listing) {
      const item = action.Put?.Item;
      if (!item || live.has(String(item.customerId))) continue;
      const id = String(item.customerId);
      written.set(id, [...(written.get(id) ?? []), { pk: item.pk, sk: item.sk }]);
    }
    await this.dropListingsOfGone(written, capacity);
    return saved;
  }

  /**
   * Deletes the score and stage items just written for customers that are
   * gone: erased, deleted or merged since their page was read. Left there, an
   * erased customer's score would stay in its partition for good and come
   * back with a profile created later with the same id. One consistent read
   * of the profiles, after the write: an erase after it sweeps the partition
   * again once its profile is gone (CustomerLifecycle.erase), and a delete or
   * merge after it removes these items with the customer's other lists.
   */
  private async dropListingsOfGone(
    written: ReadonlyMap<string, ReadonlyArray<Record<string, unknown>>>,
    capacity?: Capacity,
  ): Promise<void> {
    if (written.size === 0) return;
    const { doc, tableName, tenantId } = this.items;
    const profiles = await getAll(
      doc,
      tableName,
      [...written.keys()].map((id) => keys.customer(tenantId, id)),
      {
        consistent: true,
        projection: "id, deletedAt, mergedInto",
        onCapacity: (consumed) => tally(capacity, "read", consumed),
      },
    );
    const live = new Set(
      profiles.filter((profile) => !profile.deletedAt && !profile.mergedInto).map((profile) => profile.id),
    );
    const gone = [...written].filter(([id]) => !live.has(id)).flatMap(([, items]) => items);
    if (gone.length === 0) return;
    await writeAll(
      doc,
      tableName,
      gone.map((key): WriteRequest => ({ DeleteRequest: { Key: key } })),
      { onCapacity: (consumed) => tally(capacity, "write", consumed) },
    );
  }

  /**
   * Upgrade to scores in their own item, one page of live customers (in name
   * order) at a time: a profile that still holds its score gives it to its
   * score item, unless a night wrote a newer one there already, and loses
   * it. Counts the customers whose score moved; a page done twice moves
   * nothing more.
   */
  async moveScores(
    cursor: Record<string, unknown> | undefined,
    limit: number,
  ): Promise<{ rewritten: number; next?: Record<string, unknown> }> {
    const { doc, tableName, tenantId } = this.items;
    const page = await this.listings.byNamePage(cursor, limit);
    // byNamePage reads profiles alone: a score there is one the profile still holds.
    const holding = page.customers.filter((customer) => customer.score);
    await inBatches(holding, 8, async (customer) => {
      const [scoreItem] = scoreListingItems(tenantId, customer);
      await doc
        .send(
          new PutCommand({
            TableName: tableName,
            Item: scoreItem,
            ConditionExpression: "attribute_not_exists(score)",
          }),
        )
        .catch((error: unknown) => {
          if (!isConditionFailure(error)) throw error;
        });
      await doc
        .send(
          new UpdateCommand({
            TableName: tableName,
            Key: this.items.key(customer.id),
            UpdateExpression: "REMOVE score",
            ConditionExpression: "attribute_exists(score)",
          }),
        )
        .catch((error: unknown) => {
          if (!isConditionFailure(error)) throw error;
        });
    });
    return { rewritten: holding.length, ...(page.next && { next: page.next }) };
  }
}

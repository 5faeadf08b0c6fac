import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Customer, CustomerScore } from "@crm/domain";
import { getAll } from "./batch.js";
import { type Capacity, tally } from "./capacity.js";
import { collections, keys, type OwnerList } from "./keys.js";

/** A non-negative amount as a fixed-width string, so that index sort keys order by it. */
export function sortableAmount(amount: number): string {
  return String(Math.max(0, Math.min(Math.round(amount), 999_999_999_999_999))).padStart(15, "0");
}

/** Whether an item of a customer's partition is one of its score items (the score, the churn band's list place). */
export const isScoreListingKey = (sk: unknown) => String(sk ?? "").startsWith("SCORE#");

/**
 * The key of a customer's score item: its nightly score, and its place in its
 * segment's lists. The score lives here, not on the profile, so a night that
 * changes a score writes this small item and not the profile with its three
 * index copies.
 */
export const scoreItemKey = (tenantId: string, customerId: string) =>
  keys.customerSegment(tenantId, customerId);

/**
 * Scores read from a profile written before scores had their own item: the
 * customer's score until the upgrade (moveScores) or its next change moves
 * it, and kept on the profile when the profile is written meanwhile, so that
 * an edit loses none. Marked by object: a customer copied with its score
 * keeps the mark.
 */
const keptOnProfile = new WeakSet<object>();

/** Whether a customer's score is still one its profile holds (see keptOnProfile). */
export const isScoreOnProfile = (score: CustomerScore | undefined): boolean =>
  score !== undefined && keptOnProfile.has(score);

/**
 * A stored profile with its customer's score: its score item's, or, for a
 * customer scored before scores had their own item, the profile's own. A
 * deleted customer's profile keeps its score for a restore, unmarked.
 */
export function withScore(
  profile: Record<string, unknown>,
  scoreItem: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const { score: onProfile, ...rest } = profile;
  const score = scoreItem?.score as CustomerScore | undefined;
  if (score) return { ...rest, score };
  if (!onProfile) return rest;
  if (!profile.deletedAt) keptOnProfile.add(onProfile as object);
  return { ...rest, score: onProfile };
}

/**
 * Customers' stored profiles with their scores, by id: one BatchGet of their
 * score items, and of their profiles too unless given. Ids without a profile
 * are left out.
 */
export async function profilesWithScores(
  doc: DynamoDBDocumentClient,
  tableName: string,
  tenantId: string,
  ids: readonly string[],
  options: {
    profiles?: ReadonlyArray<Record<string, unknown>>;
    consistent?: boolean;
    capacity?: Capacity;
    /** Leave out a score item written for another owner than the profile's (a reassignment raced its night). */
    sameOwner?: boolean;
  } = {},
): Promise<Map<string, Record<string, unknown>>> {
  const profiles = new Map((options.profiles ?? []).map((profile) => [profile.id as string, profile]));
  if (ids.length === 0) return profiles;
  const found = await getAll(
    doc,
    tableName,
    ids.flatMap((id) => [
      ...(options.profiles ? [] : [keys.customer(tenantId, id)]),
      scoreItemKey(tenantId, id),
    ]),
    {
      consistent: options.consistent,
      ...(options.capacity && { onCapacity: (consumed) => tally(options.capacity, "read", consumed) }),
    },
  );
  const scoreItems = new Map<string, Record<string, unknown>>();
  for (const item of found) {
    if (item.sk === keys.customer(tenantId, "").sk) profiles.set(item.id as string, item);
    else scoreItems.set(item.customerId as string, item);
  }
  const scoreOf = (profile: Record<string, unknown>) => {
    const item = scoreItems.get(profile.id as string);
    return options.sameOwner && item && item.ownerId !== profile.ownerId ? undefined : item;
  };
  return new Map([...profiles].map(([id, profile]) => [id, withScore(profile, scoreOf(profile))] as const));
}

/**
 * A scored customer's score item (its score, and its place in its segment's
 * list, most predicted value first) and its place in its churn band's list
 * (most value to date first): each tenant-wide (gsi1) and in its owner's
 * list (gsi2). None for a customer without a score.
 */
export function scoreListingItems(tenantId: string, customer: Customer): Record<string, unknown>[] {
  const score = customer.score;
  if (!score) return [];
  const common = { customerId: customer.id, ownerId: customer.ownerId };
  const own = (list: OwnerList, value: string, sortKey: string) => ({
    gsi2pk: collections.ownerListing(tenantId, customer.ownerId, list, value),
    gsi2sk: sortKey,
  });
  const byPredicted = `${sortableAmount(score.predictedValue)}#${customer.id}`;
  const byHistorical = `${sortableAmount(score.historicalValue)}#${customer.id}`;
  return [
    {
      ...scoreItemKey(tenantId, customer.id),
      ...common,
      score,
      gsi1pk: collections.customersBySegment(tenantId, score.segment),
      gsi1sk: byPredicted,
      ...own("SEGMENT", score.segment, byPredicted),
    },
    {
      ...keys.customerChurnRisk(tenantId, customer.id),
      ...common,
      gsi1pk: collections.customersByChurnRisk(tenantId, score.churnRisk),
      gsi1sk: byHistorical,
      ...own("CHURN", score.churnRisk, byHistorical),
    },
  ];
}

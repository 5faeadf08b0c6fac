import type { Customer, CustomerScore } from "@crm/domain";
import { describe, expect, it } from "vitest";
import { collections, keys } from "./keys.js";
import { isScoreOnProfile, scoreListingItems, withScore } from "./score-listing.js";

const tenantId = "t0123456789abcdef01234567";

function score(segment: string, predictedValue: number): CustomerScore {
  return {
    runId: "r1",
    asOf: "2026-11-30",
    model: "bgnbd",
    rfm: { r: 5, f: 4, m: 3 },
    segment,
    abc: "A",
    revenueTop: 0.1,
    historicalValue: 120_000,
    predictedValue,
    expectedPurchases: 2,
    averageValue: 30_000,
    probabilityAlive: 0.9,
    churnRisk: "low",
    stage: "growing",
    inputs: {
      purchaseDays: 4,
      firstDay: "2026-01-02",
      lastDay: "2026-11-01",
      netAmount: 120_000,
      windowRevenue: 120_000,
      repeatValue: 90_000,
    },
  };
}

const profile = (extra: Record<string, unknown> = {}) => ({
  ...keys.customer(tenantId, "c1"),
  id: "c1",
  ownerId: "u1",
  name: "Amy",
  ...extra,
});

describe("a customer's score item", () => {
  it("holds the score with the customer's places in its segment's lists, tenant-wide and its owner's", () => {
    const scored = { ...profile(), score: score("champions", 56_000) } as unknown as Customer;
    const [item, churn] = scoreListingItems(tenantId, scored);
    expect(item).toMatchObject({
      ...keys.customerSegment(tenantId, "c1"),
      score: scored.score,
      gsi1pk: collections.customersBySegment(tenantId, "champions"),
      gsi2pk: collections.ownerListing(tenantId, "u1", "SEGMENT", "champions"),
      gsi1sk: "000000000056000#c1",
    });
    // The churn band's place is a pointer: the score is read from one item only.
    expect(churn?.score).toBeUndefined();
    expect(scoreListingItems(tenantId, { ...scored, score: undefined })).toEqual([]);
  });

  it("gives a profile its score item's score, over one the profile still holds from before", () => {
    const fromItem = score("champions", 56_000);
    const read = withScore(profile({ score: score("lost", 10) }), { score: fromItem });
    expect(read.score).toBe(fromItem);
    expect(isScoreOnProfile(fromItem)).toBe(false);
    expect(withScore(profile(), undefined)).not.toHaveProperty("score");
  });

  it("keeps reading a score the profile holds from before, marked so that writing the profile keeps it", () => {
    const old = score("loyal", 30_000);
    const read = withScore(profile({ score: old }), { ...keys.customerSegment(tenantId, "c1") });
    expect(read.score).toBe(old);
    expect(isScoreOnProfile({ ...read }.score as CustomerScore)).toBe(true);
    // A deleted customer's profile keeps its score for a restore, which writes it to the score item.
    const kept = score("loyal", 30_000);
    expect(withScore(profile({ score: kept, deletedAt: "2026-11-30T00:00:00Z" }), undefined).score).toBe(
      kept,
    );
    expect(isScoreOnProfile(kept)).toBe(false);
  });
});

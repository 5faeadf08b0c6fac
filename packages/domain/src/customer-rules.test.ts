import { describe, expect, it } from "vitest";
import { customerExample } from "./customer-example.js";
import {
  applyCustomerPatch,
  checkMayMerge,
  checkNewCustomerOwner,
  checkSeesTenantFigures,
  deletedListOwnerFor,
  isRestorable,
  listedOwnerFor,
  mayRestore,
  purgeCutoff,
  RESTORE_DAYS,
} from "./customer-rules.js";

const DAY = 86_400_000;
const deletedAt = "2026-03-01T12:00:00.000Z";
const later = (days: number) => new Date(Date.parse(deletedAt) + days * DAY).toISOString();

const customer = customerExample;

describe("the restore window", () => {
  it("lets a deleted customer be restored for RESTORE_DAYS, and not a moment after", () => {
    expect(isRestorable(deletedAt, later(RESTORE_DAYS))).toBe(true);
    expect(isRestorable(deletedAt, new Date(Date.parse(later(RESTORE_DAYS)) + 1).toISOString())).toBe(false);
  });

  it("purges what was deleted before the window's start", () => {
    expect(purgeCutoff(later(RESTORE_DAYS))).toBe(deletedAt);
  });
});

describe("who may restore", () => {
  const rep = { userId: "u1", role: "rep" };
  it("lets admins and managers restore any customer", () => {
    for (const role of ["admin", "manager"]) {
      expect(mayRestore({ userId: "x", role }, { ownerId: "u2" }, "own")).toBe(true);
    }
  });

  it("lets a rep restore their own, or undo their own delete while they may see it", () => {
    expect(mayRestore(rep, { ownerId: "u1" }, "own")).toBe(true);
    expect(mayRestore(rep, { ownerId: "u2", deletedBy: "u1" }, "all")).toBe(true);
    expect(mayRestore(rep, { ownerId: "u2", deletedBy: "u1" }, "own")).toBe(false);
    expect(mayRestore(rep, { ownerId: "u2", deletedBy: "u3" }, "all")).toBe(false);
  });
});

describe("who may merge", () => {
  it("lets reps merge only customers they own, and others any", () => {
    const rep = { userId: "u1", role: "rep" };
    expect(() => checkMayMerge(rep, [{ ownerId: "u1" }, undefined])).not.toThrow();
    expect(() => checkMayMerge(rep, [{ ownerId: "u1" }, { ownerId: "u2" }])).toThrow(
      expect.objectContaining({ code: "reps-merge-own-customers" }),
    );
    expect(() =>
      checkMayMerge({ userId: "m", role: "manager" }, [{ ownerId: "u1" }, { ownerId: "u2" }]),
    ).not.toThrow();
  });
});

describe("a customer's patch", () => {
  it("pins a stage chosen by a person, unless the patch says whether it is pinned", () => {
    expect(applyCustomerPatch(customer(), { lifecycleStage: "growing" })).toMatchObject({
      lifecycleStage: "growing",
      lifecycleStagePinned: true,
    });
    expect(
      applyCustomerPatch(customer({ lifecycleStagePinned: true }), { lifecycleStagePinned: false }),
    ).toMatchObject({ lifecycleStagePinned: false });
  });

  it("clears a field set to null and refuses what breaks its kind's rules", () => {
    expect(applyCustomerPatch(customer({ source: "fair" }), { source: null })).not.toHaveProperty("source");
    expect(() => applyCustomerPatch(customer(), { industry: "retail" })).toThrow(
      expect.objectContaining({ code: "invalid-fields" }),
    );
  });
});

describe("who sees which customers in lists", () => {
  const rep = { userId: "u1", role: "rep" };
  const manager = { userId: "m1", role: "manager" };

  it("limits a rep's lists to their own only where reps see only theirs", () => {
    expect(listedOwnerFor(rep, "own")).toBe("u1");
    expect(listedOwnerFor(rep, "all")).toBeUndefined();
    expect(listedOwnerFor(manager, "own")).toBeUndefined();
  });

  it("gives a rep a Deleted list of their own whatever reps see, and others the tenant's", () => {
    expect(deletedListOwnerFor(rep)).toBe("u1");
    expect(deletedListOwnerFor(manager)).toBeUndefined();
  });

  it("lets reps create customers only for themselves", () => {
    expect(() => checkNewCustomerOwner(rep, "u1")).not.toThrow();
    expect(() => checkNewCustomerOwner(rep, "u2")).toThrow(
      expect.objectContaining({ code: "reps-own-created-customers" }),
    );
    expect(() => checkNewCustomerOwner(manager, "u2")).not.toThrow();
  });

  it("shows tenant-wide figures to reps only where they see every customer", () => {
    expect(() => checkSeesTenantFigures(rep, "all")).not.toThrow();
    expect(() => checkSeesTenantFigures(rep, "own")).toThrow(
      expect.objectContaining({ code: "reps-see-own-segments" }),
    );
    expect(() => checkSeesTenantFigures(manager, "own")).not.toThrow();
  });
});

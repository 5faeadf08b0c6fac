import { applyCustomFieldChange } from "./custom-field-rules.js";
import type { Customer, CustomerPatch } from "./customer.js";
import { canSeeCustomer, kindProblems } from "./customer-checks.js";
import { fail, invalid } from "./errors.js";

/** How long a deleted customer can be restored; the nightly purge erases it after. */
export const RESTORE_DAYS = 30;
const DAY = 86_400_000;

/** Whether a customer deleted at `deletedAt` can still be restored at `now`. */
export const isRestorable = (deletedAt: string, now: string) =>
  Date.parse(now) - Date.parse(deletedAt) <= RESTORE_DAYS * DAY;

/** Customers deleted before this time are past restoring: the nightly purge erases them. */
export const purgeCutoff = (now: string) => new Date(Date.parse(now) - RESTORE_DAYS * DAY).toISOString();

type Viewer = { userId: string; role: string };

/**
 * Who may restore a deleted customer: admins and managers any; a rep one they
 * own, or one they deleted themselves (an undo), and only while they may see it.
 */
export function mayRestore(
  viewer: Viewer,
  deleted: { ownerId: string; deletedBy?: string },
  repVisibility: "all" | "own",
): boolean {
  if (viewer.role !== "rep") return true;
  const theirs = deleted.ownerId === viewer.userId || deleted.deletedBy === viewer.userId;
  return theirs && canSeeCustomer(viewer, deleted, repVisibility);
}

/** Reps merge only customers they own (a duplicate already merged away is not asked about). */
export function checkMayMerge(
  viewer: Viewer,
  customers: ReadonlyArray<{ ownerId: string } | undefined>,
): void {
  if (viewer.role === "rep" && customers.some((one) => one && one.ownerId !== viewer.userId)) {
    throw fail("reps-merge-own-customers");
  }
}

/**
 * A customer as a patch leaves it, before bookkeeping (version, times): null
 * clears an optional field, custom fields change one by one, and a stage
 * chosen by a person is pinned, so the nightly scoring leaves it. Refused
 * when the result breaks a rule of its kind (a company's birthday, say).
 */
export function applyCustomerPatch(before: Customer, patch: CustomerPatch): Customer {
  const after = Object.fromEntries(
    Object.entries({
      ...before,
      ...patch,
      ...(patch.lifecycleStage !== undefined &&
        patch.lifecycleStagePinned === undefined && { lifecycleStagePinned: true }),
      customFields: applyCustomFieldChange(before.customFields, patch.customFields),
    }).filter(([, value]) => value !== null && value !== undefined),
  ) as Customer;
  const problems = kindProblems(after);
  if (problems.length > 0) throw invalid(problems);
  return after;
}

/** The only owner whose customers a viewer's lists hold: a rep's own where reps see only theirs; undefined for all. */
export const listedOwnerFor = (viewer: Viewer, repVisibility: "all" | "own") =>
  viewer.role === "rep" && repVisibility === "own" ? viewer.userId : undefined;

/** The owner whose deleted customers a viewer's Deleted list holds: a rep only their own, whatever reps see. */
export const deletedListOwnerFor = (viewer: Viewer) => (viewer.role === "rep" ? viewer.userId : undefined);

/** Reps own the customers they create (handing over comes after). */
export function checkNewCustomerOwner(viewer: Viewer, ownerId: string): void {
  if (viewer.role === "rep" && ownerId !== viewer.userId) throw fail("reps-own-created-customers");
}

/** Tenant-wide figures (segments, churn bands): admins and managers, and reps where reps see every customer. */
export function checkSeesTenantFigures(viewer: Viewer, repVisibility: "all" | "own"): void {
  if (viewer.role === "rep" && repVisibility !== "all") throw fail("reps-see-own-segments");
}

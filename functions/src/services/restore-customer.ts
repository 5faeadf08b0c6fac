import type { Actor, TenantData } from "@crm/data";
import { type Customer, fail, isRestorable, mayRestore } from "@crm/domain";

/**
 * Brings a deleted customer back while it is restorable (RESTORE_DAYS) and
 * the viewer may restore it (mayRestore). Refused either way with the same
 * answer as a customer that was never deleted, so it tells nothing of
 * customers the viewer may not see.
 */
export async function restoreCustomer(
  tenant: TenantData,
  viewer: { userId: string; role: string },
  customerId: string,
  by: Actor,
  now: string,
  repVisibility: "all" | "own",
): Promise<Customer> {
  const deleted = await tenant.customers.findDeleted(customerId);
  if (!deleted || !isRestorable(deleted.deletedAt, now) || !mayRestore(viewer, deleted, repVisibility)) {
    throw fail("restorable-customer-not-found");
  }
  return tenant.customers.restore(deleted, by, now);
}

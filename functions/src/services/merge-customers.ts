import type { Actor, TenantData } from "@crm/data";
import { type Customer, checkMayMerge } from "@crm/domain";

/**
 * Merges a duplicate into its survivor, both as the viewer sees them
 * (`duplicate` undefined: merged into this survivor already, asked again).
 * Reps merge only their own; whether the two can merge (one currency) the
 * domain decides during the merge, before its first write.
 */
export async function mergeCustomers(
  tenant: TenantData,
  viewer: { userId: string; role: string },
  merge: { survivor: Customer; duplicateId: string; duplicate: Customer | undefined },
  by: Actor,
  now: string,
  timeZone: string,
): Promise<Customer> {
  checkMayMerge(viewer, [merge.survivor, merge.duplicate]);
  return tenant.customers.merge(merge.survivor.id, merge.duplicateId, by, now, timeZone);
}

import type { TenantData } from "@crm/data";
import { countSeats } from "@crm/domain";

/**
 * A tenant's nightly work: the day's seat snapshot (active users by role,
 * invited, deactivated; the basis for per-seat billing and the team trend on
 * the admin's home), and erasing customers deleted more than 30 days ago.
 * Running it twice for one date changes nothing more.
 */
export async function runNightly(tenant: TenantData, date: string, now: Date) {
  const seats = countSeats(await tenant.users.list());
  const written = await tenant.seatSnapshots.saveOnce({ date, takenAt: now.toISOString(), seats });
  const erased = await tenant.customers.purgeDeleted(now.toISOString());
  return { tenantId: tenant.tenant.tenantId, date, written, seats, erased };
}

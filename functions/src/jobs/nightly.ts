import type { TenantData } from "@crm/data";
import { countSeats } from "@crm/domain";

/**
 * A tenant's nightly work. Today: the day's seat snapshot (active users by
 * role, invited, deactivated), the basis for per-seat billing and the team
 * trend on the admin's home. Running it twice for one date writes once.
 */
export async function runNightly(tenant: TenantData, date: string, now: Date) {
  const seats = countSeats(await tenant.users.list());
  const written = await tenant.seatSnapshots.saveOnce({ date, takenAt: now.toISOString(), seats });
  return { tenantId: tenant.tenant.tenantId, date, written, seats };
}

import type { TenantData } from "@crm/data";
import { countSeats, purgeCutoff } from "@crm/domain";
import { upgradeTenantData } from "./data-upgrades.js";
import type { Enqueue } from "./job-context.js";
import { startScoring } from "./scoring-job.js";

/**
 * A tenant's nightly work: the day's seat snapshot (active users by role,
 * invited, deactivated; the basis for per-seat billing and the team trend on
 * the admin's home), erasing customers deleted longer ago than they stay
 * restorable (RESTORE_DAYS), and
 * the night's scoring run, queued as its own job; first any upgrade of the
 * tenant's stored items this version of the code needs. Running it twice for one
 * date changes nothing more.
 */
export async function runNightly(tenant: TenantData, date: string, now: Date, enqueue: Enqueue) {
  const seats = countSeats(await tenant.users.list());
  const written = await tenant.seatSnapshots.saveOnce({ date, takenAt: now.toISOString(), seats });
  const erased = await tenant.customers.purgeDeletedBefore(purgeCutoff(now.toISOString()), now.toISOString());
  // Before scoring, whose lists the upgrade completes.
  await upgradeTenantData(tenant, now);
  const scoring = await startScoring(tenant, { trigger: "nightly", date }, now, enqueue);
  return { tenantId: tenant.tenant.tenantId, date, written, seats, erased, scoringRunId: scoring.run.id };
}

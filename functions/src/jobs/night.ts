import { zoneParts } from "@crm/domain";

/**
 * When a tenant's "night" is. The dispatcher runs every hour on the hour (UTC)
 * and picks the tenants for whom it is then NIGHT_HOUR o'clock local time.
 * 03:00 is the hour that exists exactly once on every day of the year in the
 * US and EU rules (clocks jump 02:00→03:00 in spring; in autumn Europe repeats
 * 02:00 and the US 01:00). Zones with other rules may see the hour twice or
 * not at all on the changeover day; jobs are keyed by the tenant's local date,
 * so a second run of the same night changes nothing.
 */
export const NIGHT_HOUR = 3;

/** The local date (YYYY-MM-DD) and hour (0–23) in a time zone at an instant. */
export function localTime(timeZone: string, at: Date): { date: string; hour: number } {
  const { year, month, day, hour } = zoneParts(timeZone, at);
  return { date: `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`, hour };
}

/** The tenants whose night starts in the hour beginning at `at`, each with its local date. */
export function tenantsAtNight<T extends { timeZone: string }>(
  tenants: readonly T[],
  at: Date,
  hour = NIGHT_HOUR,
) {
  return tenants.flatMap((tenant) => {
    const local = localTime(tenant.timeZone, at);
    return local.hour === hour ? [{ ...tenant, date: local.date }] : [];
  });
}

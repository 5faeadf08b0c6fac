import type { TenantData } from "@crm/data";

/**
 * Owner-scoped lists: listing items written before they existed lack their
 * owner's gsi2 keys (and customers lack their stage's listing item), so a rep
 * who sees only their own customers would miss them in lists by tag, stage,
 * segment, churn band and name search.
 */
const OWNER_LISTINGS = "owner-listings-1";
const PAGE = 200;

/**
 * Brings a tenant's stored items up to what this version of the code reads,
 * in bounded steps: at most `pages` pages per call, progress kept, so the
 * nightly job finishes a big tenant over several nights and a small one at once.
 * A listing item rewritten from a profile that changed a moment later can
 * outlive the change; lists check each customer again, so it shows nothing.
 */
export async function upgradeTenantData(
  tenant: TenantData,
  now: Date,
  budget: { pages: number; pageSize?: number } = { pages: 50 },
): Promise<{ done: boolean; upgraded: number }> {
  const state = await tenant.upgrades.state(OWNER_LISTINGS);
  if (state.done) return { done: true, upgraded: 0 };
  let cursor = state.cursor;
  let upgraded = 0;
  for (let page = 0; page < budget.pages; page++) {
    const step = await tenant.customers.rewriteListings(cursor, budget.pageSize ?? PAGE);
    upgraded += step.rewritten;
    cursor = step.next;
    const done = cursor === undefined;
    await tenant.upgrades.save(
      OWNER_LISTINGS,
      { done, upgraded: state.upgraded + upgraded, ...(cursor && { cursor }) },
      now.toISOString(),
    );
    if (done) return { done: true, upgraded };
  }
  return { done: false, upgraded };
}

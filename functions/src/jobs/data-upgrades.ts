import type { TenantData } from "@crm/data";
import { loadNameReadings } from "@crm/domain";

/**
 * Owner-scoped lists: listing items written before they existed lack their
 * owner's gsi2 keys (and customers lack their stage's listing item), so a rep
 * who sees only their own customers would miss them in lists by tag, stage,
 * segment, churn band and name search.
 */
const OWNER_LISTINGS = "owner-listings-1";
/**
 * Search by phone and email, in pinyin order: profiles and listing items
 * written before sort names by code point and put no phone, email or
 * contact of a company in the search lists.
 */
const SEARCH_LISTINGS = "search-listings-1";
/**
 * Owner-scoped Deleted lists: customers deleted before them lack their
 * owner's gsi2 keys, so a rep's Deleted view (which reads only their own
 * partition) would miss them until they are purged.
 */
const DELETED_LISTINGS = "deleted-listings-1";
/**
 * Scores in their own item: profiles written before hold their customer's
 * score, so every night that changed it rewrote the profile and its three
 * index copies. Each moves to its score item and leaves the profile.
 */
const SCORE_ITEMS = "score-items-1";
const PAGE = 200;

type Step = (
  tenant: TenantData,
  cursor: Record<string, unknown> | undefined,
  pageSize: number,
) => Promise<{ rewritten: number; next?: Record<string, unknown> }>;

/** The upgrades, in the order they run: each one a page of customers (live, or deleted) at a time. */
const UPGRADES: Array<[name: string, step: Step]> = [
  [OWNER_LISTINGS, (tenant, cursor, size) => tenant.customers.rewriteListings(cursor, size)],
  [SEARCH_LISTINGS, (tenant, cursor, size) => tenant.customers.rewriteSearchListings(cursor, size)],
  [DELETED_LISTINGS, (tenant, cursor, size) => tenant.customers.rewriteDeletedListings(cursor, size)],
  [SCORE_ITEMS, (tenant, cursor, size) => tenant.customers.moveScores(cursor, size)],
];

/**
 * Brings a tenant's stored items up to what this version of the code reads,
 * in bounded steps: at most `pages` pages per call (over all upgrades, run
 * in order), progress kept, so the nightly job finishes a big tenant over
 * several nights and a small one at once. `upgraded` counts customers
 * rewritten, once per upgrade. A listing item rewritten from a profile that
 * changed a moment later can outlive the change; lists check each customer
 * again, so it shows nothing.
 */
export async function upgradeTenantData(
  tenant: TenantData,
  now: Date,
  budget: { pages: number; pageSize?: number } = { pages: 50 },
): Promise<{ done: boolean; upgraded: number }> {
  // Upgrades rewrite search keys and sort forms of names (name-readings.ts).
  await loadNameReadings();
  let pages = 0;
  let upgraded = 0;
  for (const [name, step] of UPGRADES) {
    const state = await tenant.upgrades.state(name);
    if (state.done) continue;
    let cursor = state.cursor;
    let done = false;
    let rewritten = 0;
    while (!done) {
      if (pages >= budget.pages) return { done: false, upgraded };
      const page = await step(tenant, cursor, budget.pageSize ?? PAGE);
      pages++;
      rewritten += page.rewritten;
      upgraded += page.rewritten;
      cursor = page.next;
      done = cursor === undefined;
      await tenant.upgrades.save(
        name,
        { done, upgraded: state.upgraded + rewritten, ...(cursor && { cursor }) },
        now.toISOString(),
      );
    }
  }
  return { done: true, upgraded };
}

import type { CrmStore } from "@crm/data";
import type { Enqueue } from "./job-context.js";
import type { JobMessage } from "./messages.js";
import { tenantsAtNight } from "./night.js";

/**
 * The hourly dispatcher: one nightly job per tenant whose night begins now.
 * It reads only the tenant listing; each job then runs with that tenant's
 * own narrowed credentials.
 */
export async function dispatchNightly(store: CrmStore, enqueue: Enqueue, at = new Date()) {
  const due = tenantsAtNight(await store.listTenants(), at);
  const messages = due.map(
    (tenant): JobMessage => ({ job: "nightly", tenantId: tenant.tenantId, date: tenant.date }),
  );
  if (messages.length > 0) await enqueue(messages);
  return { dispatched: messages.length };
}

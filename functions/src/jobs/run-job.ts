import type { CrmStore } from "@crm/data";
import { type JobMessage, JobMessageSchema } from "./messages.js";
import { runNightly } from "./nightly.js";

/** Runs one job message: the same code in the AWS worker and the local scheduler. */
export async function runJob(store: CrmStore, body: unknown, now = new Date()) {
  const message: JobMessage = JobMessageSchema.parse(body);
  const tenant = await store.forTenant(message.tenantId);
  // A tenant that no longer exists has no work left: nothing to retry.
  if (!tenant) return { skipped: true as const, reason: "no such tenant" };
  switch (message.job) {
    case "nightly":
      return runNightly(tenant, message.date, now);
  }
}

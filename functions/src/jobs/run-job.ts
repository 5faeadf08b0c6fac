import type { CrmStore } from "@crm/data";
import { loadNameReadings, tenantReadOnly } from "@crm/domain";
import { type Clock, clockOf, systemClock } from "./clock.js";
import { runExport } from "./export-job.js";
import { runImport } from "./import-job.js";
import type { JobContext } from "./job-context.js";
import { type JobMessage, JobMessageSchema } from "./messages.js";
import { runNightly } from "./nightly.js";
import { runScoring } from "./scoring-job.js";

/** Without a queue (a direct call, as tests make), jobs a job queues run at once, one after another. */
const inline = (store: CrmStore, now: Date | Clock): JobContext => ({
  enqueue: async (messages) => {
    for (const message of messages) await runJob(store, message, now, inline(store, now));
  },
  timeLeft: () => Number.POSITIVE_INFINITY,
});

/**
 * Runs one job message: the same code in the AWS worker and the local scheduler. Time comes from `now`: the
 * system's clock, another clock, or a Date (a clock stopped there, as tests give), which the job reads for
 * everything it stamps.
 */
export async function runJob(
  store: CrmStore,
  body: unknown,
  now: Date | Clock = systemClock,
  context = inline(store, now),
) {
  const message: JobMessage = JobMessageSchema.parse(body);
  // Imports, merges and listings read names (search keys, sort forms): see name-readings.ts.
  await loadNameReadings();
  const tenant = await store.forTenant(message.tenantId);
  // A tenant that no longer exists has no work left: nothing to retry.
  if (!tenant) return { skipped: true as const, reason: "no such tenant" };
  // A tenant being moved takes no writes: the job fails and its queue tries it again later.
  if (tenant.tenant.readOnly) throw tenantReadOnly();
  switch (message.job) {
    case "nightly":
      return runNightly(tenant, message.date, clockOf(now)(), context.enqueue);
    case "scoring":
      return runScoring(tenant, message.runId, context, now);
    case "import":
      return runImport(tenant, message, context, now);
    case "export":
      return runExport(tenant, message);
  }
}

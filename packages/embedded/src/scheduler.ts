import type { CrmStore } from "@crm/data";
import { dispatchNightly } from "@crm/functions/jobs/dispatch";
import type { Enqueue } from "@crm/functions/jobs/job-context";
import { rootLogger } from "@crm/functions/observability";
import { isServiceUnreachable } from "@crm/functions/unreachable";

const HOUR = 3_600_000;
/** While the database is unreachable, the hour's dispatch is tried again this often, for up to ten minutes. */
const RETRY_MS = 5_000;
const OUTAGE_PATIENCE_MS = 10 * 60_000;

/**
 * The local stand-in for EventBridge Scheduler: on every hour it runs the
 * same dispatcher, which queues each tenant's nightly job on the local queue.
 */
export function startLocalScheduler(store: CrmStore, enqueue: Enqueue, now: () => number = Date.now) {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = async (hour: Date) => {
    for (let waited = 0; !stopped; waited += RETRY_MS) {
      try {
        await dispatchNightly(store, enqueue, hour);
        return;
      } catch (error) {
        // The database is down for a moment (the stack restarts it): this hour's tenants still get their night.
        if (!isServiceUnreachable(error) || waited >= OUTAGE_PATIENCE_MS) {
          rootLogger().error("local dispatch failed", error as Error);
          return;
        }
        rootLogger().warn("local dispatch: the database is unreachable; trying again", {
          error: (error as Error).message,
        });
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS).unref());
      }
    }
  };
  const scheduleNext = () => {
    if (stopped) return;
    const next = Math.floor(now() / HOUR) * HOUR + HOUR;
    timer = setTimeout(() => void tick(new Date(next)).then(scheduleNext), next - now());
    timer.unref();
  };
  scheduleNext();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

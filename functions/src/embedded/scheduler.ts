import type { CrmStore } from "@crm/data";
import { dispatchNightly, type Enqueue } from "../jobs/dispatch.js";
import { rootLogger } from "../observability.js";

const HOUR = 3_600_000;

/**
 * The local stand-in for EventBridge Scheduler: on every hour it runs the
 * same dispatcher, which queues each tenant's nightly job on the local queue.
 */
export function startLocalScheduler(store: CrmStore, enqueue: Enqueue, now: () => number = Date.now) {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = async (hour: Date) => {
    try {
      await dispatchNightly(store, enqueue, hour);
    } catch (error) {
      rootLogger().error("local dispatch failed", error as Error);
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

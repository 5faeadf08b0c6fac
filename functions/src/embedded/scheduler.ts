import type { CrmStore } from "@crm/data";
import { dispatchNightly } from "../jobs/dispatch.js";
import type { JobMessage } from "../jobs/messages.js";
import { runJob } from "../jobs/run-job.js";
import { rootLogger } from "../observability.js";

const HOUR = 3_600_000;
const ATTEMPTS = 3;

/**
 * The local stand-in for EventBridge Scheduler and SQS: on every hour it runs
 * the same dispatcher, and each job with the same code the AWS worker runs,
 * tried three times like the queue's redrive before it is given up (logged).
 */
export function startLocalScheduler(store: CrmStore, now: () => number = Date.now) {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const run = async (message: JobMessage) => {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        return await runJob(store, message);
      } catch (error) {
        rootLogger().warn("local job failed", { message, attempt, error: (error as Error).message });
      }
    }
    rootLogger().error("local job given up after retries", { message });
  };
  const tick = async (hour: Date) => {
    try {
      await dispatchNightly(
        store,
        async (messages) => {
          for (const message of messages) await run(message);
        },
        hour,
      );
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

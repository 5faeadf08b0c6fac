import type { CrmStore } from "@crm/data";
import { rootLogger } from "../observability.js";
import { systemClock } from "./clock.js";
import type { Enqueue } from "./dispatch.js";
import type { JobMessage } from "./messages.js";
import { runJob } from "./run-job.js";

const ATTEMPTS = 3;

/**
 * The local stand-in for SQS and the worker: jobs run one after another in
 * the background with the code the AWS worker runs, each tried three times
 * like the queue's redrive before it is given up (logged).
 */
export class LocalJobQueue {
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly store: CrmStore) {}

  readonly enqueue: Enqueue = async (messages) => {
    for (const message of messages) this.chain = this.chain.then(() => this.run(message));
  };

  /** Resolves when every job queued so far has finished. */
  idle(): Promise<void> {
    return this.chain;
  }

  private async run(message: JobMessage) {
    for (let attempt = 1; attempt <= ATTEMPTS && !this.stopped; attempt++) {
      try {
        await runJob(this.store, message, systemClock, {
          enqueue: this.enqueue,
          timeLeft: () => Number.POSITIVE_INFINITY,
        });
        return;
      } catch (error) {
        if (this.stopped) return;
        rootLogger().warn("local job failed", { message, attempt, error: (error as Error).message });
      }
    }
    if (!this.stopped) rootLogger().error("local job given up after retries", { message });
  }

  /** Lets the job under way finish (up to a few seconds); queued ones are dropped. */
  async stop() {
    const running = this.chain;
    this.stopped = true;
    await Promise.race([running, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
  }
}

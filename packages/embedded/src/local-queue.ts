import type { CrmStore } from "@crm/data";
import { systemClock } from "@crm/functions/jobs/clock";
import type { Enqueue } from "@crm/functions/jobs/job-context";
import type { JobMessage } from "@crm/functions/jobs/messages";
import { runJob } from "@crm/functions/jobs/run-job";
import { rootLogger } from "@crm/functions/observability";
import { isServiceUnreachable } from "@crm/functions/unreachable";

const ATTEMPTS = 3;
/** Waits before trying a job again; the last repeats while the database stays unreachable. */
const BACKOFF_MS = [200, 500, 1_000, 2_000, 5_000];
/** How long a job waits for an unreachable database to come back before it is given up (logged). */
const OUTAGE_PATIENCE_MS = 10 * 60_000;

/**
 * The local stand-in for SQS and the worker: jobs run one after another in
 * the background with the code the AWS worker runs, each tried three times
 * like the queue's redrive before it is given up (logged). A job that failed
 * because the database (or another service) could not be reached does not
 * count an attempt: it is tried again, with backoff, until the service is
 * back (the embedded stack restarts it), and goes on from its checkpoint.
 */
export class LocalJobQueue {
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly wakers = new Set<() => void>();

  constructor(private readonly store: CrmStore) {}

  readonly enqueue: Enqueue = async (messages) => {
    for (const message of messages) this.chain = this.chain.then(() => this.run(message));
  };

  /** Resolves when every job queued so far has finished. */
  idle(): Promise<void> {
    return this.chain;
  }

  private async run(message: JobMessage) {
    let attempt = 1;
    let outageSince: number | undefined;
    for (let tries = 0; attempt <= ATTEMPTS && !this.stopped; tries++) {
      try {
        await runJob(this.store, message, systemClock, {
          enqueue: this.enqueue,
          timeLeft: () => Number.POSITIVE_INFINITY,
        });
        return;
      } catch (error) {
        if (this.stopped) return;
        const unreachable = isServiceUnreachable(error);
        rootLogger().warn("local job failed", {
          job: message,
          attempt,
          unreachable,
          error: (error as Error).message,
        });
        if (unreachable) {
          outageSince ??= Date.now();
          if (Date.now() - outageSince > OUTAGE_PATIENCE_MS) break;
        } else {
          outageSince = undefined;
          attempt++;
        }
        await this.pause(BACKOFF_MS[Math.min(tries, BACKOFF_MS.length - 1)] as number);
      }
    }
    if (!this.stopped) rootLogger().error("local job given up after retries", { job: message });
  }

  /** A wait between tries that ends early when the queue stops. */
  private pause(ms: number) {
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      timer.unref();
      this.wakers.add(wake);
    });
  }

  /** Lets the job under way finish (up to a few seconds); queued ones are dropped. */
  async stop() {
    const running = this.chain;
    this.stopped = true;
    for (const wake of this.wakers) wake();
    await Promise.race([running, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
  }
}

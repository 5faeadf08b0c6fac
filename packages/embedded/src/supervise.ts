import { rootLogger } from "@crm/functions/observability";

/** A started child process of the stack: how to stop it, and a promise settled when it exits. */
export type Running = { stop: () => Promise<void>; exited: Promise<unknown>; pid: number | undefined };

/** What the stack (and a test that kills a part) sees of a supervised part. */
export type SupervisedPart = {
  /** The process id of the part now running; undefined while it is being restarted. */
  pid: () => number | undefined;
  /** How many times the part died and was started again. */
  restarts: () => number;
};

/** How long a part's death waits before it counts as unexpected (the stack may be stopping). */
const STOPPING_GRACE_MS = 500;

/** Waits between failed restarts: quickly at first, then no more often than every 10 s. */
const BACKOFF_MS = [250, 500, 1_000, 2_000, 5_000, 10_000];

/**
 * Keeps a part of the embedded stack (DynamoDB Local, the identity provider,
 * the mail catcher) running: when it dies, it is started again the same way
 * (same port, same data folder), and `restarted` runs on the new one (an
 * in-memory DynamoDB Local comes back empty and needs its tables again).
 * Requests meanwhile fail fast (connection refused), which the API answers
 * 503 with Retry-After. The first start is not retried: a stack that cannot
 * start says why at once.
 */
export async function supervise<T extends Running>(
  name: string,
  start: () => Promise<T>,
  restarted: (part: T) => Promise<void> = async () => undefined,
): Promise<{
  first: T;
  part: SupervisedPart;
  /** From now on the part's death is the stack stopping, not a failure: nothing is restarted. */
  stopping: () => void;
  stop: () => Promise<void>;
}> {
  const first = await start();
  let current: T | undefined = first;
  let restarts = 0;
  let stopped = false;
  let loop: Promise<void> = Promise.resolve();
  const watch = async (part: T) => {
    await part.exited.catch(() => undefined);
    // A terminal's Ctrl-C reaches the parts and the stack at once: give the stack's own stop a moment to say so.
    await new Promise((resolve) => setTimeout(resolve, STOPPING_GRACE_MS));
    if (stopped) return;
    current = undefined;
    rootLogger().warn(`${name} stopped unexpectedly: restarting it`);
    for (let attempt = 0; !stopped; attempt++) {
      let next: T | undefined;
      try {
        next = await start();
        if (stopped) {
          await next.stop();
          return;
        }
        restarts++;
        await restarted(next);
        current = next;
        rootLogger().info(`${name} restarted`, { restarts });
        loop = watch(next);
        return;
      } catch (error) {
        await next?.stop().catch(() => undefined);
        rootLogger().warn(`${name} did not restart; trying again`, { error: (error as Error).message });
        await new Promise((resolve) =>
          setTimeout(resolve, BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)]),
        );
      }
    }
  };
  loop = watch(first);
  return {
    first,
    part: { pid: () => current?.pid, restarts: () => restarts },
    stopping: () => {
      stopped = true;
    },
    stop: async () => {
      stopped = true;
      await current?.stop();
      // A restart under way when the stack stopped stops what it started.
      await Promise.race([loop, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    },
  };
}

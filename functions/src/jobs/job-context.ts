import type { JobMessage } from "./messages.js";

/** Queues job messages: SQS in AWS, the local queue in the embedded stack, a direct call in tests. */
export type Enqueue = (messages: JobMessage[]) => Promise<void>;

/**
 * Where a job runs: how to queue its continuation, and how long it may still take (a Lambda's remaining time).
 * Its own module so that the runner and the jobs it runs both import it without importing each other.
 */
export type JobContext = { enqueue: Enqueue; timeLeft: () => number };

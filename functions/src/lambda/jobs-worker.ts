import { SQSClient } from "@aws-sdk/client-sqs";
import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { z } from "zod";
import { lambdaDataConfigFromEnv } from "../config.js";
import { systemClock } from "../jobs/clock.js";
import { runJob } from "../jobs/run-job.js";
import { sqsEnqueue } from "../jobs/sqs-enqueue.js";
import { rootLogger } from "../observability.js";
import { createStore } from "../store.js";

const store = createStore(lambdaDataConfigFromEnv());
// Long jobs (imports) queue their own continuation before the function times out.
const enqueue = sqsEnqueue(new SQSClient({}), z.url().parse(process.env.JOB_QUEUE_URL));

/**
 * Runs each job of the batch; the ones that fail are reported back so that
 * only they return to the queue (and, after three tries, to the dead-letter queue).
 */
export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse["batchItemFailures"] = [];
  for (const record of event.Records) {
    const log = rootLogger().createChild({ persistentKeys: { messageId: record.messageId } });
    try {
      const result = await runJob(store, JSON.parse(record.body), systemClock, {
        enqueue,
        timeLeft: () => context.getRemainingTimeInMillis(),
      });
      log.info("job done", { result });
    } catch (error) {
      log.error("job failed", error as Error);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};

import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { dataConfigFromEnv } from "../config.js";
import { runJob } from "../jobs/run-job.js";
import { rootLogger } from "../observability.js";
import { createStore } from "../store.js";

const store = createStore(dataConfigFromEnv());

/**
 * Runs each job of the batch; the ones that fail are reported back so that
 * only they return to the queue (and, after three tries, to the dead-letter queue).
 */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse["batchItemFailures"] = [];
  for (const record of event.Records) {
    const log = rootLogger().createChild({ persistentKeys: { messageId: record.messageId } });
    try {
      const result = await runJob(store, JSON.parse(record.body));
      log.info("job done", { result });
    } catch (error) {
      log.error("job failed", error as Error);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};

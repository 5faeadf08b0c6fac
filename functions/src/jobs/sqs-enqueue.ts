import { SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { Enqueue } from "./job-context.js";

/** Sends job messages to the queue ten at a time (SQS's batch limit); a refused entry fails the dispatch. */
export function sqsEnqueue(sqs: SQSClient, queueUrl: string): Enqueue {
  return async (messages) => {
    for (let start = 0; start < messages.length; start += 10) {
      const batch = messages.slice(start, start + 10);
      const { Failed } = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: batch.map((message, index) => ({
            Id: String(index),
            MessageBody: JSON.stringify(message),
          })),
        }),
      );
      if (Failed?.length)
        throw new Error(`SQS refused ${Failed.length} job message(s): ${Failed[0]?.Message}`);
    }
  };
}

import { SQSClient } from "@aws-sdk/client-sqs";
import { z } from "zod";
import { lambdaDataConfigFromEnv } from "../config.js";
import { dispatchNightly } from "../jobs/dispatch.js";
import { sqsEnqueue } from "../jobs/sqs-enqueue.js";
import { rootLogger } from "../observability.js";
import { createStore } from "../store.js";

const store = createStore(lambdaDataConfigFromEnv());
const enqueue = sqsEnqueue(new SQSClient({}), z.url().parse(process.env.JOB_QUEUE_URL));

/** EventBridge Scheduler sends the hour it fired for; a late or retried call still dispatches that hour. */
const ScheduledEventSchema = z.object({ scheduledTime: z.iso.datetime({ offset: true }) });

export const handler = async (event: unknown) => {
  const { scheduledTime } = ScheduledEventSchema.parse(event);
  const result = await dispatchNightly(store, enqueue, new Date(scheduledTime));
  rootLogger().info("nightly jobs dispatched", { scheduledTime, ...result });
  return result;
};

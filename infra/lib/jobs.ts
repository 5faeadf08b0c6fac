import { TENANT_LISTING } from "@crm/data";
import { Duration } from "aws-cdk-lib";
import type { TableV2 } from "aws-cdk-lib/aws-dynamodb";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import type { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
} from "aws-cdk-lib/aws-scheduler";
import { LambdaInvoke } from "aws-cdk-lib/aws-scheduler-targets";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { crmFunction } from "./function.js";
import type { Stage } from "./stage.js";

export type JobsProps = {
  stage: Stage;
  table: TableV2;
  tenantTablePrefix: string;
  /** Gives the worker tenant-scoped access to data, as the API has. */
  allowTenantSessions: (fn: NodejsFunction) => void;
};

const WORKER_TIMEOUT = Duration.minutes(5);

/**
 * EventBridge Scheduler → dispatcher → SQS → worker. Every hour the dispatcher
 * finds the tenants whose night begins (03:00 in their own time zone) and
 * queues one job each; the worker runs them with the same code the local
 * scheduler runs, reporting failed messages one by one; three failures send a
 * message to the dead-letter queue, which raises an alarm.
 */
export class Jobs extends Construct {
  readonly queue: Queue;
  readonly deadLetters: Queue;
  readonly dispatcher: NodejsFunction;
  readonly worker: NodejsFunction;
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: JobsProps) {
    super(scope, id);
    const encrypted = { enforceSSL: true, encryption: QueueEncryption.SQS_MANAGED };
    this.deadLetters = new Queue(this, "DeadLetters", { ...encrypted, retentionPeriod: Duration.days(14) });
    this.queue = new Queue(this, "Queue", {
      ...encrypted,
      // Six times the worker's timeout, as Lambda's SQS guidance asks.
      visibilityTimeout: Duration.minutes(WORKER_TIMEOUT.toMinutes() * 6),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: 3 },
    });

    const data = {
      TABLE_NAME: props.table.tableName,
      TABLE_ARN: props.table.tableArn,
      TENANT_TABLE_PREFIX: props.tenantTablePrefix,
    };
    this.dispatcher = crmFunction(this, "Dispatcher", {
      entry: "jobs-dispatcher.ts",
      memorySize: 512,
      timeout: Duration.minutes(1),
      environment: { ...data, JOB_QUEUE_URL: this.queue.queueUrl },
    });
    this.queue.grantSendMessages(this.dispatcher);
    // The dispatcher reads the tenant listing and nothing else: no tenant's items.
    this.dispatcher.addToRolePolicy(
      new PolicyStatement({
        actions: ["dynamodb:Query"],
        resources: [`${props.table.tableArn}/index/${TENANT_LISTING.index}`],
        conditions: { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": [TENANT_LISTING.partition] } },
      }),
    );

    this.worker = crmFunction(this, "Worker", {
      entry: "jobs-worker.ts",
      memorySize: 1024,
      timeout: WORKER_TIMEOUT,
      // An import near the timeout queues its own continuation.
      environment: { ...data, JOB_QUEUE_URL: this.queue.queueUrl },
    });
    this.queue.grantSendMessages(this.worker);
    this.worker.addEventSource(
      new SqsEventSource(this.queue, { batchSize: 10, reportBatchItemFailures: true, maxConcurrency: 5 }),
    );
    props.allowTenantSessions(this.worker);

    this.schedule = new Schedule(this, "Hourly", {
      description: `CRM ${props.stage}: dispatch the nightly jobs of tenants whose night begins`,
      schedule: ScheduleExpression.cron({ minute: "0" }),
      target: new LambdaInvoke(this.dispatcher, {
        input: ScheduleTargetInput.fromObject({ scheduledTime: ContextAttribute.scheduledTime }),
        retryAttempts: 2,
      }),
    });
  }
}

import { Duration } from "aws-cdk-lib";
import type { HttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import type { TableV2 } from "aws-cdk-lib/aws-dynamodb";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { Topic } from "aws-cdk-lib/aws-sns";
import type { Queue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { Stage } from "./stage.js";

export type ObservabilityProps = {
  stage: Stage;
  httpApi: HttpApi;
  functions: IFunction[];
  table: TableV2;
  /** A message here is a job that failed three times. */
  deadLetterQueues: Queue[];
};

/**
 * Alarms on what hurts users (API 5xx rate, function errors and throttles,
 * DynamoDB throttles) sent to one topic, and a dashboard of the same.
 */
export class Observability extends Construct {
  readonly alarmTopic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    this.alarmTopic = new Topic(this, "Alarms", {
      displayName: `CRM ${props.stage} alarms`,
      enforceSSL: true,
    });
    const five = Duration.minutes(5);

    const requests = props.httpApi.metricCount({ period: five, statistic: "Sum" });
    const serverErrors = props.httpApi.metricServerError({ period: five, statistic: "Sum" });
    const errorRate = new MathExpression({
      expression: "IF(requests > 0, 100 * errors / requests, 0)",
      usingMetrics: { requests, errors: serverErrors },
      period: five,
      label: "API 5xx %",
    });
    this.alarm(
      "Api5xxRate",
      errorRate,
      1,
      "More than 1% of API requests failed on our side for 10 minutes.",
      2,
    );

    for (const fn of props.functions) {
      const name = fn.node.id;
      this.alarm(
        `${name}Errors`,
        fn.metricErrors({ period: five, statistic: "Sum" }),
        5,
        `${name} threw 5+ errors in 5 minutes.`,
      );
      this.alarm(
        `${name}Throttles`,
        fn.metricThrottles({ period: five, statistic: "Sum" }),
        1,
        `${name} was throttled.`,
      );
    }

    // Table-level throttle events: two metrics (each metric in an alarm's math is billed).
    const dynamoThrottles = new MathExpression({
      expression: "reads + writes",
      usingMetrics: {
        reads: props.table.metric("ReadThrottleEvents", { period: five, statistic: "Sum" }),
        writes: props.table.metric("WriteThrottleEvents", { period: five, statistic: "Sum" }),
      },
      period: five,
      label: "DynamoDB throttle events",
    });
    this.alarm("DynamoThrottles", dynamoThrottles, 1, "DynamoDB throttled requests.");

    for (const queue of props.deadLetterQueues) {
      const depth = queue.metricApproximateNumberOfMessagesVisible({ period: five, statistic: "Maximum" });
      this.alarm(
        `${queue.node.scope?.node.id ?? ""}${queue.node.id}Depth`,
        depth,
        1,
        "A job failed three times and waits in the dead-letter queue.",
      );
    }

    new Dashboard(this, "Dashboard", {
      dashboardName: `crm-${props.stage}`,
      widgets: [
        [
          new GraphWidget({ title: "API requests", left: [requests], width: 8 }),
          new GraphWidget({ title: "API 5xx %", left: [errorRate], width: 8 }),
          new GraphWidget({
            title: "API latency (p50, p99)",
            left: [
              props.httpApi.metricLatency({ statistic: "p50" }),
              props.httpApi.metricLatency({ statistic: "p99" }),
            ],
            width: 8,
          }),
        ],
        [
          new GraphWidget({
            title: "Function errors and throttles",
            left: props.functions.flatMap((fn) => [fn.metricErrors(), fn.metricThrottles()]),
            width: 12,
          }),
          new GraphWidget({
            title: "DynamoDB capacity and throttles",
            left: [
              props.table.metricConsumedReadCapacityUnits(),
              props.table.metricConsumedWriteCapacityUnits(),
            ],
            right: [dynamoThrottles],
            width: 12,
          }),
        ],
      ],
    });
  }

  /** An alarm on metric ≥ threshold, to the topic. */
  private alarm(id: string, metric: IMetric, threshold: number, description: string, periods = 1) {
    const alarm = new Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: periods,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(new SnsAction(this.alarmTopic));
    this.alarms.push(alarm);
  }
}

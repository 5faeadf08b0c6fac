import { TENANT_ITEM_ACTIONS } from "@crm/data";
import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { actionsOf, isTenantListingQuery, roleStatements, synthStack } from "./stack.js";

describe("Jobs", () => {
  let template: Template;
  beforeAll(() => {
    template = synthStack("dev").template();
  });

  it("runs the dispatcher every hour on the hour, telling it the hour it fired for", () => {
    template.hasResourceProperties("AWS::Scheduler::Schedule", {
      ScheduleExpression: "cron(0 * * * ? *)",
      State: "ENABLED",
      Target: Match.objectLike({
        Arn: { "Fn::GetAtt": [Match.stringLikeRegexp("^JobsDispatcher"), "Arn"] },
        Input: JSON.stringify({ scheduledTime: "<aws.scheduler.scheduled-time>" }),
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 2 }),
      }),
    });
  });

  it("queues jobs with a dead-letter queue after three tries, encrypted and TLS-only", () => {
    template.hasResourceProperties("AWS::SQS::Queue", {
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 3 },
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 30 * 60,
    });
    template.resourceCountIs("AWS::SQS::Queue", 2);
    const policies = Object.values(template.findResources("AWS::SQS::QueuePolicy"));
    expect(policies).toHaveLength(2);
    for (const policy of policies) expect(JSON.stringify(policy)).toContain('"aws:SecureTransport":"false"');
  });

  it("reports failed messages one by one", () => {
    template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      BatchSize: 10,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      FunctionName: { Ref: Match.stringLikeRegexp("^JobsWorker") },
    });
  });

  it("lets the dispatcher read the tenant listing and nothing of any tenant", () => {
    const statements = roleStatements(template, "JobsDispatcherServiceRole");
    const dynamo = statements.filter((s) => JSON.stringify(s.Action).includes("dynamodb:"));
    expect(dynamo).toHaveLength(1);
    expect(dynamo[0]?.Action).toBe("dynamodb:Query");
    expect(JSON.stringify(dynamo[0]?.Resource)).toContain("/index/gsi1");
    expect(dynamo[0]?.Condition).toEqual({
      "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["TENANTS"] },
    });
  });

  it("gives the worker tenant data only through the tenant access role", () => {
    const statements = roleStatements(template, "JobsWorkerServiceRole");
    // Beside the tenant listing's TENANTS partition (is there such a tenant?: api.test.ts).
    const actions = actionsOf(statements.filter((statement) => !isTenantListingQuery(statement)));
    for (const action of TENANT_ITEM_ACTIONS) expect(actions).not.toContain(action);
    expect(actions).toEqual(expect.arrayContaining(["sts:AssumeRole", "sts:TagSession"]));
    const [, role] = Object.entries(template.findResources("AWS::IAM::Role")).find(([id]) =>
      id.startsWith("ApiTenantAccessRole"),
    ) ?? [undefined, undefined];
    expect(JSON.stringify(role?.Properties.AssumeRolePolicyDocument)).toContain("JobsWorkerServiceRole");
  });

  it("lets the API queue imports and exports, and the worker queue an import's continuation", () => {
    for (const role of ["ApiHandlerServiceRole", "JobsWorkerServiceRole"]) {
      expect(actionsOf(roleStatements(template, role)), role).toEqual(
        expect.arrayContaining(["sqs:SendMessage"]),
      );
    }
    const functions = Object.entries(template.findResources("AWS::Lambda::Function"));
    for (const prefix of ["ApiHandler", "JobsWorker"]) {
      const [, fn] = functions.find(([id]) => id.startsWith(prefix)) ?? [];
      expect(fn?.Properties.Environment.Variables.JOB_QUEUE_URL, prefix).toEqual({
        Ref: expect.stringMatching(/^JobsQueue/),
      });
    }
  });

  it("raises an alarm when a job lands in the dead-letter queue", () => {
    const alarms = Object.values(template.findResources("AWS::CloudWatch::Alarm")).map(
      (alarm) => alarm.Properties,
    );
    const dlq = alarms.find((alarm) => /dead-letter/.test(alarm.AlarmDescription));
    expect(dlq).toMatchObject({ MetricName: "ApproximateNumberOfMessagesVisible", Threshold: 1 });
  });
});

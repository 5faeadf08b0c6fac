import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { DEPLOYED, resolveIntrinsics } from "./intrinsics.js";
import { synthStack } from "./stack.js";

describe("Web", () => {
  let template: Template;
  beforeAll(() => {
    template = synthStack("dev").template();
  });

  it("keeps the bucket private, encrypted and reachable over TLS only", () => {
    template.hasResourceProperties("AWS::S3::Bucket", {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: Match.anyValue(),
    });
    template.hasResourceProperties("AWS::S3::BucketPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
  });

  it("serves through CloudFront with origin access control and answers client routes with index.html", () => {
    template.resourceCountIs("AWS::CloudFront::OriginAccessControl", 1);
    template.hasResourceProperties("AWS::CloudFront::Distribution", {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: "index.html",
        CustomErrorResponses: [
          { ErrorCode: 403, ResponseCode: 200, ResponsePagePath: "/index.html", ErrorCachingMinTTL: 0 },
          { ErrorCode: 404, ResponseCode: 200, ResponsePagePath: "/index.html", ErrorCachingMinTTL: 0 },
        ],
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: "redirect-to-https" }),
      }),
    });
  });

  it("sends CSP, HSTS, nosniff and frame-ancestors none", () => {
    const [policy] = Object.values(template.findResources("AWS::CloudFront::ResponseHeadersPolicy"));
    const headers = policy?.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const csp = resolveIntrinsics(
      headers.ContentSecurityPolicy.ContentSecurityPolicy,
      template.toJSON().Resources,
    );
    expect(csp).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
    expect(csp).not.toContain("unsafe-inline");
    expect(headers.StrictTransportSecurity).toMatchObject({
      AccessControlMaxAgeSec: 63072000,
      IncludeSubdomains: true,
    });
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.FrameOptions).toEqual({ FrameOption: "DENY", Override: true });
  });

  it("lets the client connect to its own origin and this stage's API host, and nowhere else", () => {
    const [policy] = Object.values(template.findResources("AWS::CloudFront::ResponseHeadersPolicy"));
    const resources = template.toJSON().Resources;
    const csp: string = resolveIntrinsics(
      policy?.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy
        .ContentSecurityPolicy,
      resources,
    );
    const [apiId] = Object.keys(template.findResources("AWS::ApiGatewayV2::Api"));
    const connect = csp
      .split(";")
      .map((directive) => directive.trim())
      .find((d) => d.startsWith("connect-src"));
    expect(connect).toBe(
      `connect-src 'self' https://<Ref:${apiId}>.execute-api.${DEPLOYED.region}.${DEPLOYED.urlSuffix}`,
    );
    expect(csp).not.toContain("*");
  });

  it("publishes the client with a runtime config written at deploy", () => {
    template.resourceCountIs("Custom::CDKBucketDeployment", 1);
  });
});

describe("Observability", () => {
  it("alarms on API 5xx rate, function errors and throttles, and DynamoDB throttles, all to one topic", () => {
    const template = synthStack("dev").template();
    const alarms = Object.values(template.findResources("AWS::CloudWatch::Alarm")).map(
      (alarm) => alarm.Properties,
    );
    const descriptions = alarms.map((alarm) => alarm.AlarmDescription).join("\n");
    expect(descriptions).toMatch(/1% of API requests/);
    expect(descriptions).toMatch(/Handler threw/);
    expect(descriptions).toMatch(/Handler was throttled/);
    expect(descriptions).toMatch(/DynamoDB throttled/);
    const dynamo = alarms.find((alarm) => /DynamoDB/.test(alarm.AlarmDescription));
    expect(dynamo?.Metrics).toHaveLength(3);
    for (const alarm of alarms) expect(JSON.stringify(alarm.AlarmActions)).toContain("ObservabilityAlarms");
    template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
    template.hasResourceProperties("AWS::SNS::TopicPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
  });
});

describe("the cost of watching", () => {
  it("keeps alarms to the 11 billed metrics the README's at-rest cost counts", () => {
    const alarms = Object.values(synthStack("dev").template().findResources("AWS::CloudWatch::Alarm"));
    const billedMetrics = alarms.reduce((sum, alarm) => {
      const metrics = alarm.Properties.Metrics as Array<{ MetricStat?: unknown }> | undefined;
      return sum + (metrics ? metrics.filter((metric) => metric.MetricStat).length : 1);
    }, 0);
    expect(billedMetrics).toBe(11);
  });
});

import { TENANT_ITEM_ACTIONS } from "@crm/data";
import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { API_THROTTLE, PUBLIC_ROUTES } from "../../infra/lib/api.js";
import { actionsOf, roleStatements, synthStack } from "./stack.js";

describe("Api", () => {
  let template: Template;
  beforeAll(() => {
    template = synthStack("dev").template();
  });

  it("runs the API on Node.js 22 or newer, arm64", () => {
    template.hasResourceProperties("AWS::Lambda::Function", {
      Runtime: Match.stringLikeRegexp("^nodejs(2[2-9]|[3-9][0-9])\\.x$"),
      Architectures: ["arm64"],
      Environment: {
        Variables: Match.objectLike({
          NODE_OPTIONS: "--enable-source-maps",
          TENANT_TABLE_PREFIX: "crm-dev-tenant-",
        }),
      },
    });
  });

  it("checks a token on every route but the public ones", () => {
    const routes = Object.values(template.findResources("AWS::ApiGatewayV2::Route")).map(
      (route) => route.Properties,
    );
    const publicKeys = PUBLIC_ROUTES.map(([method, path]) => `${method} ${path}`);
    for (const route of routes) {
      const isPublic = publicKeys.includes(route.RouteKey);
      expect(route.AuthorizationType, route.RouteKey).toBe(isPublic ? "NONE" : "JWT");
    }
    expect(routes.map((route) => route.RouteKey)).toEqual(
      expect.arrayContaining(["ANY /v1/{proxy+}", ...publicKeys]),
    );
    template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
      AuthorizerType: "JWT",
      JwtConfiguration: { Audience: [Match.anyValue()], Issuer: Match.anyValue() },
    });
  });

  it("throttles the stage and lets only the web origin through CORS", () => {
    template.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      StageName: "$default",
      DefaultRouteSettings: {
        ThrottlingRateLimit: API_THROTTLE.rateLimit,
        ThrottlingBurstLimit: API_THROTTLE.burstLimit,
      },
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
    const [api] = Object.values(template.findResources("AWS::ApiGatewayV2::Api"));
    const origins = api?.Properties.CorsConfiguration.AllowOrigins;
    expect(origins).toHaveLength(1);
    expect(JSON.stringify(origins)).toContain("DomainName");
    expect(JSON.stringify(origins)).not.toContain("*");
  });

  it("gives the function's own role no access to tenant items", () => {
    const own = actionsOf(roleStatements(template, "ApiHandlerServiceRole"));
    for (const action of TENANT_ITEM_ACTIONS) expect(own).not.toContain(action);
    expect(own).toEqual(
      expect.arrayContaining([
        "sts:AssumeRole",
        "sts:TagSession",
        "dynamodb:CreateTable",
        "dynamodb:UpdateTable",
      ]),
    );
    expect(own.filter((action) => action.includes("*"))).toEqual([]);
  });

  it("holds the tenant access role to the session's TenantId tag", () => {
    const statements = roleStatements(template, "ApiTenantAccessRole");
    expect(statements).toHaveLength(1);
    expect(statements[0]?.Condition).toEqual({
      "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["${aws:PrincipalTag/TenantId}#*"] },
    });
    expect(actionsOf(statements).sort()).toEqual([...TENANT_ITEM_ACTIONS].sort());
    const [role] = Object.entries(template.findResources("AWS::IAM::Role")).filter(([id]) =>
      id.startsWith("ApiTenantAccessRole"),
    );
    const trust = JSON.stringify(role?.[1].Properties.AssumeRolePolicyDocument);
    expect(trust).toContain("sts:TagSession");
    expect(trust).toContain("ApiHandlerServiceRole");
  });
});

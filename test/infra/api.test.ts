import { TENANT_ITEM_ACTIONS } from "@crm/data";
import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { API_THROTTLE, PUBLIC_ROUTES } from "../../infra/lib/api.js";
import { actionsOf, isTenantListingQuery, roleStatements, synthStack } from "./stack.js";

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

  it("throttles the stage", () => {
    template.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      StageName: "$default",
      DefaultRouteSettings: {
        ThrottlingRateLimit: API_THROTTLE.rateLimit,
        ThrottlingBurstLimit: API_THROTTLE.burstLimit,
      },
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });

  it("leaves CORS to the app, which learns the web origin from WEB_URL; preflights need no token", () => {
    // The HTTP API names no origin, so it does not depend on the distribution (whose CSP names the API).
    const [api] = Object.values(template.findResources("AWS::ApiGatewayV2::Api"));
    expect(api?.Properties.CorsConfiguration).toBeUndefined();
    template.hasResourceProperties("AWS::Lambda::Function", {
      Environment: {
        Variables: Match.objectLike({
          WEB_URL: {
            "Fn::Join": [
              "",
              ["https://", { "Fn::GetAtt": [Match.stringLikeRegexp("^WebCdn"), "DomainName"] }],
            ],
          },
        }),
      },
    });
    template.hasResourceProperties("AWS::ApiGatewayV2::Route", {
      RouteKey: "OPTIONS /v1/{proxy+}",
      AuthorizationType: "NONE",
    });
  });

  it("keeps a generated 64-character deployment secret that only the API function may read, and only it", () => {
    const secrets = Object.entries(template.findResources("AWS::SecretsManager::Secret"));
    expect(secrets).toHaveLength(1);
    const [secretId, secret] = secrets[0] ?? [];
    expect(secret?.Properties.GenerateSecretString).toEqual({
      PasswordLength: 64,
      ExcludePunctuation: true,
      IncludeSpace: false,
    });
    expect(secret?.Properties.SecretString).toBeUndefined();
    template.hasResourceProperties("AWS::Lambda::Function", {
      Environment: { Variables: Match.objectLike({ DEPLOYMENT_SECRET_ARN: { Ref: secretId } }) },
    });
    const reads = roleStatements(template, "ApiHandlerServiceRole").filter((statement) =>
      JSON.stringify(statement.Action).includes("secretsmanager:"),
    );
    expect(reads).toEqual([
      expect.objectContaining({ Action: "secretsmanager:GetSecretValue", Resource: { Ref: secretId } }),
    ]);
    // No other role (the jobs, the tenant access role, CDK's helpers) may touch it.
    for (const prefix of ["JobsWorker", "JobsDispatcher", "ApiTenantAccessRole", "Custom", "Scheduler"]) {
      expect(
        actionsOf(roleStatements(template, prefix)).filter((a) => a.startsWith("secretsmanager:")),
        prefix,
      ).toEqual([]);
    }
    expect(secret?.DeletionPolicy).toBe("Delete");
  });

  it("retains the deployment secret in prod", () => {
    const prod = synthStack("prod").template();
    const [secret] = Object.values(prod.findResources("AWS::SecretsManager::Secret"));
    expect(secret?.DeletionPolicy).toBe("Retain");
    expect(secret?.UpdateReplacePolicy).toBe("Retain");
  });

  it("gives the function's own role no access to tenant items: item actions on the limits table and the tenant listing only", () => {
    const statements = roleStatements(template, "ApiHandlerServiceRole");
    const own = actionsOf(statements);
    const itemActions: readonly string[] = TENANT_ITEM_ACTIONS;
    const onItems = statements.filter(
      (statement) =>
        actionsOf([statement]).some((action) => itemActions.includes(action)) &&
        !isTenantListingQuery(statement),
    );
    const [limitsTable] = Object.entries(template.findResources("AWS::DynamoDB::GlobalTable")).find(
      ([, table]) => table.Properties.TableName === "crm-dev-limits",
    ) ?? [undefined];
    expect(limitsTable).toBeDefined();
    expect(onItems.map((statement) => [statement.Action, statement.Resource])).toEqual([
      ["dynamodb:UpdateItem", { "Fn::GetAtt": [limitsTable, "Arn"] }],
    ]);
    expect(own).toEqual(expect.arrayContaining(["sts:AssumeRole", "sts:TagSession"]));
    expect(own.filter((action) => action.includes("*"))).toEqual([]);
  });

  it("lets the API create, change or delete no table: signup makes pooled tenants only", () => {
    const tableActions =
      /^dynamodb:(CreateTable|UpdateTable|DeleteTable|UpdateTimeToLive|UpdateContinuousBackups|TagResource)$/;
    expect(
      actionsOf(roleStatements(template, "ApiHandlerServiceRole")).filter((a) => tableActions.test(a)),
    ).toEqual([]);
  });

  it("lets the API and the job worker query the tenant listing's TENANTS partition, before any tenant session", () => {
    for (const role of ["ApiHandlerServiceRole", "JobsWorkerServiceRole"]) {
      const listing = roleStatements(template, role).filter(isTenantListingQuery);
      expect(listing, role).toHaveLength(1);
      expect(listing[0]?.Resource, role).toEqual({
        "Fn::Join": ["", [{ "Fn::GetAtt": [expect.stringMatching(/^DataTable/), "Arn"] }, "/index/gsi1"]],
      });
    }
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

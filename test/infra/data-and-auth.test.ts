import { LIMITS_TABLE_DESIGN, TABLE_DESIGN } from "@crm/data";
import { PASSWORD_POLICY } from "@crm/domain";
import { USER_POOL_DESIGN } from "@crm/functions/identity/user-pool-design";
import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { synthStack } from "./stack.js";

describe("Data", () => {
  let dev: Template;
  let prod: Template;
  beforeAll(() => {
    dev = synthStack("dev").template();
    prod = synthStack("prod").template();
  });

  it("builds the table from the data package's design: keys, TTL, on demand, PITR, encryption", () => {
    dev.hasResourceProperties("AWS::DynamoDB::GlobalTable", {
      KeySchema: [
        { AttributeName: TABLE_DESIGN.partitionKey, KeyType: "HASH" },
        { AttributeName: TABLE_DESIGN.sortKey, KeyType: "RANGE" },
      ],
      BillingMode: "PAY_PER_REQUEST",
      TimeToLiveSpecification: { AttributeName: TABLE_DESIGN.timeToLiveAttribute, Enabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: "KMS" },
      Replicas: [
        Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
      ],
    });
  });

  it("keeps rate-limit counters in a table of their own, from the limits design, which expires them", () => {
    prod.hasResourceProperties("AWS::DynamoDB::GlobalTable", {
      TableName: "crm-prod-limits",
      KeySchema: [
        { AttributeName: LIMITS_TABLE_DESIGN.partitionKey, KeyType: "HASH" },
        { AttributeName: LIMITS_TABLE_DESIGN.sortKey, KeyType: "RANGE" },
      ],
      BillingMode: "PAY_PER_REQUEST",
      TimeToLiveSpecification: { AttributeName: LIMITS_TABLE_DESIGN.timeToLiveAttribute, Enabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: "KMS" },
    });
    prod.hasResourceProperties("AWS::Lambda::Function", {
      Environment: { Variables: Match.objectLike({ LIMITS_TABLE_NAME: Match.anyValue() }) },
    });
  });

  it("protects prod data from deletion and lets dev go", () => {
    prod.hasResource("AWS::DynamoDB::GlobalTable", {
      DeletionPolicy: "Retain",
      Properties: Match.objectLike({ Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })] }),
    });
    dev.hasResource("AWS::DynamoDB::GlobalTable", { DeletionPolicy: "Delete" });
    prod.hasResource("AWS::Cognito::UserPool", {
      DeletionPolicy: "Retain",
      Properties: Match.objectLike({ DeletionProtection: "ACTIVE" }),
    });
  });
});

describe("Auth", () => {
  let template: Template;
  beforeAll(() => {
    template = synthStack("dev").template();
  });

  it("keeps tenant and role as custom attributes, the tenant immutable", () => {
    template.hasResourceProperties("AWS::Cognito::UserPool", {
      Schema: Match.arrayWith([
        Match.objectLike({ Name: "tenantId", AttributeDataType: "String", Mutable: false }),
        Match.objectLike({ Name: "role", AttributeDataType: "String", Mutable: true }),
      ]),
      UsernameAttributes: ["email"],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: "OPTIONAL",
      EnabledMfas: ["SOFTWARE_TOKEN_MFA"],
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: "verified_email", Priority: 1 }] },
    });
  });

  it("uses the same password policy the API validates with", () => {
    template.hasResourceProperties("AWS::Cognito::UserPool", {
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: PASSWORD_POLICY.minLength,
          RequireLowercase: PASSWORD_POLICY.requireLowercase,
          RequireUppercase: PASSWORD_POLICY.requireUppercase,
          RequireNumbers: PASSWORD_POLICY.requireDigits,
          RequireSymbols: PASSWORD_POLICY.requireSymbols,
        }),
      },
    });
  });

  it("gives the web an app client without a secret, the design's flows and lifetimes, and no write access to tenant or role", () => {
    const { tokenValidity } = USER_POOL_DESIGN;
    template.hasResourceProperties("AWS::Cognito::UserPoolClient", {
      GenerateSecret: false,
      ExplicitAuthFlows: Match.arrayEquals([...USER_POOL_DESIGN.authFlows]),
      IdTokenValidity: tokenValidity.idTokenMinutes,
      AccessTokenValidity: tokenValidity.accessTokenMinutes,
      RefreshTokenValidity: tokenValidity.refreshTokenDays * 24 * 60,
      PreventUserExistenceErrors: "ENABLED",
      EnableTokenRevocation: true,
    });
    const [client] = Object.values(template.findResources("AWS::Cognito::UserPoolClient"));
    const writable: string[] = client?.Properties.WriteAttributes ?? [];
    expect(writable.filter((name) => name.startsWith("custom:"))).toEqual([]);
    expect(client?.Properties.ReadAttributes).toEqual(
      expect.arrayContaining(["custom:tenantId", "custom:role"]),
    );
  });
});

import { App } from "aws-cdk-lib";
import { Annotations, Match, Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { DEFAULT_MAIL_FROM, PUBLIC_ROUTES } from "../../infra/lib/api.js";
import { addCrm } from "../../infra/lib/app.js";
import { actionsOf, roleStatements } from "./stack.js";

const synth = (context: Record<string, unknown> = {}) => {
  const app = new App({ context: { "aws:cdk:bundling-stacks": [], ...context } });
  const stack = addCrm(app, "dev");
  return { stack, template: Template.fromStack(stack) };
};

describe("outbound mail (SES)", () => {
  const sender = "Galaxy CRM <crm@mail.galaxy.example>";
  const { stack, template } = synth({ mailFrom: sender });

  it("tells the API who mails come from", () => {
    template.hasResourceProperties("AWS::Lambda::Function", {
      Environment: { Variables: Match.objectLike({ MAIL_FROM: sender, POWERTOOLS_SERVICE_NAME: "crm-api" }) },
    });
  });

  it("lets the API function send email as that sender only, and no other function send any", () => {
    const api = roleStatements(template, "ApiHandlerServiceRole");
    const ses = api.filter((statement) => actionsOf([statement]).some((action) => action.startsWith("ses:")));
    expect(ses).toHaveLength(1);
    expect(ses[0]?.Action).toBe("ses:SendEmail");
    expect(ses[0]?.Condition).toEqual({ StringEquals: { "ses:FromAddress": "crm@mail.galaxy.example" } });
    expect(JSON.stringify(ses[0]?.Resource)).toContain(":identity/*");
    for (const prefix of ["JobsDispatcher", "JobsWorker", "ApiTenantAccessRole"]) {
      const actions = actionsOf(roleStatements(template, prefix));
      expect(
        actions.filter((action) => action.startsWith("ses:")),
        prefix,
      ).toEqual([]);
    }
  });

  it("lets the API end a person's sessions when their password changes", () => {
    const actions = actionsOf(roleStatements(template, "ApiHandlerServiceRole"));
    expect(actions).toContain("cognito-idp:AdminUserGlobalSignOut");
  });

  it("opens forgot-password and reset-password without a token, as public routes", () => {
    const keys = PUBLIC_ROUTES.map(([method, path]) => `${method} ${path}`);
    expect(keys).toEqual(
      expect.arrayContaining(["POST /v1/auth/forgot-password", "POST /v1/auth/reset-password"]),
    );
    for (const key of ["POST /v1/auth/forgot-password", "POST /v1/auth/reset-password"]) {
      template.hasResourceProperties("AWS::ApiGatewayV2::Route", {
        RouteKey: key,
        AuthorizationType: "NONE",
      });
    }
  });

  it("passes cdk-nag with the grant acknowledged", () => {
    const errors = Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
    expect(errors).toEqual([]);
  });

  it("falls back to a placeholder sender until one is given", () => {
    const fallback = synth().template;
    fallback.hasResourceProperties("AWS::Lambda::Function", {
      Environment: { Variables: Match.objectLike({ MAIL_FROM: DEFAULT_MAIL_FROM }) },
    });
  });
});

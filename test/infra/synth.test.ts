import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { Stack } from "aws-cdk-lib";
import { Bucket } from "aws-cdk-lib/aws-s3";
import { describe, expect, it } from "vitest";
import { findCycle, type Resources } from "./intrinsics.js";
import { synthStack } from "./stack.js";

const REGIONS =
  /\b(us|eu|ap|sa|ca|me|af|il|mx)-(north|south|east|west|central|northeast|southeast|northwest|southwest)-\d\b/;
const ACCOUNT_ID = /(?<![\w.-])\d{12}(?![\w.-])/;
const SECRETS = /AKIA[0-9A-Z]{16}|-----BEGIN|"(Password|SecretAccessKey|ClientSecret)"\s*:\s*"[^"]+"/;

describe("synth", () => {
  it("passes cdk-nag's AwsSolutions pack with every finding acknowledged, bundling the API for real", () => {
    for (const stage of ["dev", "prod"] as const) {
      const { app } = synthStack(stage, { bundle: stage === "dev" });
      expect(() => app.synth()).not.toThrow();
    }
  });

  it("fails on an unacknowledged finding (so the check above can fail)", () => {
    const { app, stack } = synthStack("dev");
    new Bucket(Stack.of(stack), "CarelessBucket");
    expect(() => app.synth()).toThrow(/AwsSolutions-S(1|10)/);
  });

  it("has no dependency cycle among its resources (CloudFormation would refuse to deploy it)", () => {
    // The API's CORS and WEB_URL name the distribution, whose CSP names the API: only one direction may stay.
    expect(findCycle(synthStack("dev").template().toJSON().Resources)).toBeUndefined();
    // The check finds a cycle where there is one.
    const looped: Resources = {
      Api: { Type: "AWS::ApiGatewayV2::Api", Properties: { Cors: { "Fn::GetAtt": ["Cdn", "DomainName"] } } },
      Cdn: { Type: "AWS::CloudFront::Distribution", Properties: { Policy: { Ref: "Headers" } } },
      Headers: {
        Type: "AWS::CloudFront::ResponseHeadersPolicy",
        Properties: { Csp: { "Fn::GetAtt": ["Api", "ApiEndpoint"] } },
      },
    };
    expect(findCycle(looped)).toEqual(["Api", "Cdn", "Headers", "Api"]);
  });

  it("holds no hard-coded account id, region or secret", () => {
    for (const stage of ["dev", "prod"] as const) {
      const json = JSON.stringify(synthStack(stage).template().toJSON());
      expect(json.match(REGIONS)?.[0]).toBeUndefined();
      expect(json.match(ACCOUNT_ID)?.[0]).toBeUndefined();
      expect(json.match(SECRETS)?.[0]).toBeUndefined();
    }
  });

  it("bundles the API into a minified ESM entry with a source map, and what it loads later in chunks", () => {
    const { app } = synthStack("dev", { bundle: true });
    const assembly = app.synth();
    const template = assembly.getStackByName("Crm-dev").template as { Resources: Record<string, any> };
    const api = Object.values(template.Resources).find(
      (resource) =>
        resource.Type === "AWS::Lambda::Function" && resource.Properties.Environment?.Variables?.TABLE_NAME,
    );
    const assetPath = api?.Metadata?.["aws:asset:path"];
    expect(assetPath).toBeDefined();
    const bundle = statSync(join(assembly.directory, assetPath, "index.mjs"));
    expect(bundle.size).toBeGreaterThan(10_000);
    expect(statSync(join(assembly.directory, assetPath, "index.mjs.map")).size).toBeGreaterThan(0);
    // Code splitting (infra/lib/lambda-bundle.ts): import() targets are chunks of their own.
    const chunks = readdirSync(join(assembly.directory, assetPath, "chunks"));
    expect(chunks.filter((name) => name.endsWith(".mjs")).length).toBeGreaterThan(0);
  });
});

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  ListUserPoolsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { PASSWORD_POLICY } from "@crm/domain";
import { USER_POOL_DESIGN } from "../identity/user-pool-design.js";
import { stopChild, tail } from "./child.js";
import { waitFor } from "./ports.js";

const require = createRequire(import.meta.url);

export type UserPoolIds = { userPoolId: string; userPoolClientId: string };

/**
 * cognito-local, a Cognito-compatible identity provider, as a child process
 * keeping its state under dataDir. The API reaches it with the real Cognito
 * SDK client; only the endpoint differs from AWS.
 */
export async function startCognitoLocal(options: { port: number; dataDir: string }) {
  mkdirSync(options.dataDir, { recursive: true });
  const bin = join(require.resolve("cognito-local/package.json"), "..", "lib", "bin", "start.js");
  const child = spawn(process.execPath, [bin], {
    cwd: options.dataDir,
    env: { ...process.env, PORT: String(options.port), HOST: "127.0.0.1", DEBUG: "" },
    stdio: "pipe",
  });
  const output = tail(child);
  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = new CognitoIdentityProviderClient({
    endpoint,
    region: "local",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) => reject(new Error(`cognito-local exited (${code}):\n${output()}`))),
  );
  exited.catch(() => undefined);
  await Promise.race([
    waitFor("cognito-local", () => client.send(new ListUserPoolsCommand({ MaxResults: 1 }))),
    exited,
  ]);
  const ids = await ensureUserPool(client, join(options.dataDir, "crm-user-pool.json"));
  client.destroy();
  return { endpoint, ...ids, stop: () => stopChild(child) };
}

/** Creates the CRM's user pool and web client once; later starts reuse them. */
async function ensureUserPool(client: CognitoIdentityProviderClient, idsFile: string): Promise<UserPoolIds> {
  if (existsSync(idsFile)) {
    const ids = JSON.parse(readFileSync(idsFile, "utf8")) as UserPoolIds;
    try {
      await client.send(new DescribeUserPoolCommand({ UserPoolId: ids.userPoolId }));
      return ids;
    } catch {
      // The pool is gone (its data was deleted): make a new one.
    }
  }
  const { UserPool } = await client.send(
    new CreateUserPoolCommand({
      PoolName: "crm-users",
      Policies: {
        PasswordPolicy: {
          MinimumLength: PASSWORD_POLICY.minLength,
          RequireLowercase: PASSWORD_POLICY.requireLowercase,
          RequireUppercase: PASSWORD_POLICY.requireUppercase,
          RequireNumbers: PASSWORD_POLICY.requireDigits,
          RequireSymbols: PASSWORD_POLICY.requireSymbols,
        },
      },
      Schema: Object.entries(USER_POOL_DESIGN.customAttributes).map(([name, attribute]) => ({
        Name: name,
        AttributeDataType: "String",
        Mutable: attribute.mutable,
      })),
    }),
  );
  const userPoolId = UserPool?.Id;
  if (!userPoolId) throw new Error("cognito-local did not create the user pool.");
  const { UserPoolClient } = await client.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: "crm-web",
      ExplicitAuthFlows: [...USER_POOL_DESIGN.authFlows],
      IdTokenValidity: USER_POOL_DESIGN.tokenValidity.idTokenMinutes,
      AccessTokenValidity: USER_POOL_DESIGN.tokenValidity.accessTokenMinutes,
      RefreshTokenValidity: USER_POOL_DESIGN.tokenValidity.refreshTokenDays,
      TokenValidityUnits: { IdToken: "minutes", AccessToken: "minutes", RefreshToken: "days" },
    }),
  );
  const userPoolClientId = UserPoolClient?.ClientId;
  if (!userPoolClientId) throw new Error("cognito-local did not create the app client.");
  const ids = { userPoolId, userPoolClientId };
  writeFileSync(idsFile, JSON.stringify(ids, null, 2));
  return ids;
}

import { spawn } from "node:child_process";
import { createPrivateKey, createPublicKey, generateKeyPairSync, type JsonWebKey } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  ListUserPoolsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { PASSWORD_POLICY } from "@crm/domain";
import { USER_POOL_DESIGN } from "@crm/functions/identity/user-pool-design";
import { localIdentityClient } from "@crm/functions/service-credentials";
import { stopChild, tail } from "./child.js";
import { waitFor } from "./ports.js";

const require = createRequire(import.meta.url);

export type UserPoolIds = { userPoolId: string; userPoolClientId: string };

/** Loaded into cognito-local before its own code: it swaps the shipped key pair for this install's. */
const KEYS_PRELOAD = fileURLToPath(new URL("./cognito-local-keys.cjs", import.meta.url));
export const SIGNING_KEY_FILE = "token-signing-key.pem";

/**
 * cognito-local, a Cognito-compatible identity provider, as a child process
 * keeping its state under dataDir. The API reaches it with the real Cognito
 * SDK client; only the endpoint differs from AWS. It signs tokens with a key
 * made for this install (see signingKey), never with the one its package ships.
 */
export async function startCognitoLocal(options: { port: number; dataDir: string; identitySecret: string }) {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const key = signingKey(options.dataDir);
  const packageDir = join(require.resolve("cognito-local/package.json"), "..");
  const bin = join(packageDir, "lib", "bin", "start.js");
  const child = spawn(process.execPath, ["-r", KEYS_PRELOAD, bin], {
    cwd: options.dataDir,
    env: {
      ...process.env,
      PORT: String(options.port),
      HOST: "127.0.0.1",
      DEBUG: "",
      CRM_COGNITO_SIGNING_KEY: key.file,
      CRM_COGNITO_LOCAL_KEYS_DIR: join(packageDir, "lib", "keys"),
      CRM_COGNITO_IDENTITY_SECRET: options.identitySecret,
    },
    stdio: "pipe",
  });
  const output = tail(child);
  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = localIdentityClient(endpoint, async () => options.identitySecret);
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) => reject(new Error(`cognito-local exited (${code}):\n${output()}`))),
  );
  exited.catch(() => undefined);
  try {
    await Promise.race([
      waitFor("cognito-local", () => client.send(new ListUserPoolsCommand({ MaxResults: 1 }))),
      exited,
    ]);
    const ids = await ensureUserPool(client, join(options.dataDir, "crm-user-pool.json"));
    await assertPublishes(key.publicJwk, `${endpoint}/${ids.userPoolId}/.well-known/jwks.json`);
    return {
      endpoint,
      ...ids,
      signingKeyFile: key.file,
      publicJwk: key.publicJwk,
      stop: () => stopChild(child),
      exited,
      pid: child.pid,
    };
  } catch (error) {
    await stopChild(child);
    throw error;
  } finally {
    client.destroy();
  }
}

/**
 * This install's token signing key: an RSA-2048 key generated on first start
 * and kept under dataDir, readable by its owner only; later starts reuse it, so
 * sessions outlive a restart.
 */
export function signingKey(dataDir: string): { file: string; publicJwk: JsonWebKey } {
  const file = join(dataDir, SIGNING_KEY_FILE);
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    try {
      writeFileSync(file, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600, flag: "wx" });
    } catch (error) {
      // Another start of this install wrote it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  chmodSync(file, 0o600);
  const privateKey = createPrivateKey(readFileSync(file, "utf8"));
  if (
    privateKey.asymmetricKeyType !== "rsa" ||
    (privateKey.asymmetricKeyDetails?.modulusLength ?? 0) < 2048
  ) {
    throw new Error(`${file} does not hold an RSA key of 2048 bits or more.`);
  }
  const publicJwk = {
    ...createPublicKey(privateKey).export({ format: "jwk" }),
    kid: "CognitoLocal",
    alg: "RS256",
    use: "sig",
  };
  return { file, publicJwk };
}

/** Fails the start if cognito-local publishes any key but this install's (a new version may load its keys differently). */
async function assertPublishes(publicJwk: JsonWebKey, jwksUrl: string) {
  const { keys } = (await (await fetch(jwksUrl)).json()) as { keys?: JsonWebKey[] };
  if (keys?.length !== 1 || keys[0]?.n !== publicJwk.n) {
    throw new Error(
      "cognito-local does not publish this install's signing key; refusing to run with its shipped key.",
    );
  }
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

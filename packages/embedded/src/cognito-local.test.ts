import { createPublicKey } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { localIdentityClient } from "@crm/functions/service-credentials";
import { createLocalJWKSet, jwtVerify } from "jose";
import { afterAll, describe, expect, it } from "vitest";
import { SIGNING_KEY_FILE, startCognitoLocal } from "./cognito-local.js";
import { freePort } from "./ports.js";

const require = createRequire(import.meta.url);
const shipped = require("cognito-local/lib/keys/cognitoLocal.public.json") as { pem: string };

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const SECRET = "this-install's-identity-secret";

async function started(dataDir: string) {
  return startCognitoLocal({ port: await freePort(), dataDir, identitySecret: SECRET });
}

/** A user signed in the way the API signs people in; the ID token cognito-local hands out. */
async function signIn(cognito: Awaited<ReturnType<typeof started>>) {
  const client = localIdentityClient(cognito.endpoint, async () => SECRET);
  const user = { UserPoolId: cognito.userPoolId, Username: "someone@example.com" };
  await client.send(new AdminCreateUserCommand({ ...user, MessageAction: "SUPPRESS" }));
  await client.send(
    new AdminSetUserPasswordCommand({ ...user, Password: "Correct-Horse-42", Permanent: true }),
  );
  const { AuthenticationResult } = await client.send(
    new AdminInitiateAuthCommand({
      UserPoolId: cognito.userPoolId,
      ClientId: cognito.userPoolClientId,
      AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: user.Username, PASSWORD: "Correct-Horse-42" },
    }),
  );
  client.destroy();
  return AuthenticationResult?.IdToken ?? "";
}

describe("cognito-local's signing key", () => {
  it("is generated for this install under the data dir, owner-only, and kept across a restart", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "crm-cognito-key-"));
    dirs.push(dataDir);
    const file = join(dataDir, SIGNING_KEY_FILE);

    const first = await started(dataDir);
    await first.stop();
    expect(first.signingKeyFile).toBe(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const key = readFileSync(file, "utf8");

    const second = await started(dataDir);
    try {
      expect(readFileSync(file, "utf8")).toBe(key);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      // What it publishes is the kept key, not the one in its npm package.
      const jwks = await (
        await fetch(`${second.endpoint}/${second.userPoolId}/.well-known/jwks.json`)
      ).json();
      expect(jwks.keys).toHaveLength(1);
      expect(jwks.keys[0].n).toBe(createPublicKey(key).export({ format: "jwk" }).n);
      expect(jwks.keys[0].n).not.toBe(createPublicKey(shipped.pem).export({ format: "jwk" }).n);
    } finally {
      await second.stop();
    }
  });

  it("signs a real sign-in's token with this install's key, which the shipped key does not verify", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "crm-cognito-key-"));
    dirs.push(dataDir);
    const cognito = await started(dataDir);
    try {
      const token = await signIn(cognito);
      const install = createLocalJWKSet({ keys: [cognito.publicJwk] });
      const { payload } = await jwtVerify(token, install, { algorithms: ["RS256"] });
      expect(payload.token_use).toBe("id");
      await expect(jwtVerify(token, createPublicKey(shipped.pem))).rejects.toThrow(/signature/);
    } finally {
      await cognito.stop();
    }
  });

  it("keeps two installs' keys apart", async () => {
    const [one, two] = [0, 1].map(() => mkdtempSync(join(tmpdir(), "crm-cognito-key-")));
    dirs.push(one as string, two as string);
    const a = await started(one as string);
    await a.stop();
    const b = await started(two as string);
    await b.stop();
    expect(a.publicJwk.n).not.toBe(b.publicJwk.n);
  });
});

describe("cognito-local's API", () => {
  it("answers only callers with this install's secret, so nobody else can make a user or set a password", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "crm-cognito-guard-"));
    dirs.push(dataDir);
    const cognito = await started(dataDir);
    try {
      const user = { UserPoolId: cognito.userPoolId, Username: "forger@example.com" };
      // A stranger with the SDK and any credentials, as before this guard: refused.
      const stranger = new CognitoIdentityProviderClient({
        endpoint: cognito.endpoint,
        region: "local",
        credentials: { accessKeyId: "local", secretAccessKey: "local" },
      });
      const wrong = localIdentityClient(cognito.endpoint, async () => "a guess");
      for (const client of [stranger, wrong]) {
        await expect(
          client.send(
            new AdminCreateUserCommand({
              ...user,
              MessageAction: "SUPPRESS",
              UserAttributes: [{ Name: "sub", Value: "someone-elses-id" }],
            }),
          ),
        ).rejects.toThrow(/serves its CRM only/);
        await expect(
          client.send(
            new AdminSetUserPasswordCommand({ ...user, Password: "Evil-Pass-2026", Permanent: true }),
          ),
        ).rejects.toThrow(/serves its CRM only/);
        client.destroy();
      }
      // A web page's preflight gets no CORS answer; the published keys stay readable.
      const preflight = await fetch(cognito.endpoint, {
        method: "OPTIONS",
        headers: {
          origin: "https://evil.example",
          "access-control-request-method": "POST",
          "access-control-request-headers": "x-amz-target,content-type",
        },
      });
      expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
      const jwks = await fetch(`${cognito.endpoint}/${cognito.userPoolId}/.well-known/jwks.json`);
      expect(jwks.status).toBe(200);
      // The API's own client, with the secret, works.
      expect(await signIn(cognito)).toMatch(/^ey/);
    } finally {
      await cognito.stop();
    }
  });
});

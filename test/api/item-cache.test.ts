import { createPrivateKey, createPublicKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { createApi } from "@crm/functions/api/app";
import { issuerOf } from "@crm/functions/config";
import { createDeps } from "@crm/functions/deps";
import { TokenVerifier } from "@crm/functions/identity/token-verifier";
import { createStore } from "@crm/functions/store";
import { describe, expect, it } from "vitest";
import { addMember, call, crm, ifMatch, signUpTenant } from "../support/api.js";

/**
 * Another warm instance of the API beside the shared stack's, on the same
 * DynamoDB Local, keeping settings, custom field definitions and user records
 * for `itemCacheMs` (the API keeps them API_ITEM_CACHE_MS, docs/data-access.md).
 */
function apiInstance(itemCacheMs: number) {
  const { config, signingKeyFile } = crm();
  const publicKey = createPublicKey(createPrivateKey(readFileSync(signingKeyFile, "utf8")));
  const api = createApi({
    ...createDeps(config),
    store: createStore(config, { itemCacheMs }),
    verifier: new TokenVerifier(issuerOf(config), config.userPoolClientId, async () => publicKey),
  });
  return async (
    method: string,
    path: string,
    token: string,
    options: { body?: unknown; version?: number } = {},
  ) => {
    const response = await api.request(path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(options.body !== undefined && { "content-type": "application/json" }),
        ...(options.version !== undefined && ifMatch(options.version)),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    return { status: response.status, body: await response.json() };
  };
}

/** Asks until `check` holds, for at most `capMs`: whether it came to hold (no timing is asserted). */
async function eventually(check: () => Promise<boolean>, capMs = 15_000): Promise<boolean> {
  const until = Date.now() + capMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

describe("what the API keeps in memory between requests", () => {
  it("refuses a user deactivated through another instance once its bound has passed", async () => {
    const { admin } = await signUpTenant("cache-deactivate");
    const rep = await addMember(admin.token, "rep");
    const other = apiInstance(1_000);
    // The other instance has read (and keeps) the rep's record.
    expect((await other("GET", "/v1/me", rep.token)).status).toBe(200);

    const version = (await call("GET", `/v1/users/${rep.id}`, { token: admin.token })).body.version;
    const off = await call("PATCH", `/v1/users/${rep.id}`, {
      token: admin.token,
      headers: ifMatch(version),
      body: { active: false },
    });
    expect(off.status).toBe(200);
    // The instance that wrote it refuses at once; the other within its bound.
    expect((await call("GET", "/v1/me", { token: rep.token })).status).toBe(401);
    let refusal: { status: number; body: { code?: string } } | undefined;
    const refused = await eventually(async () => {
      refusal = await other("GET", "/v1/me", rep.token);
      return refusal.status !== 200;
    });
    expect(refused).toBe(true);
    expect(refusal?.status).toBe(401);
    expect(refusal?.body.code).toBe("account-deactivated");
  });

  it("applies a role changed through another instance once its bound has passed", async () => {
    const { admin } = await signUpTenant("cache-role");
    const second = await addMember(admin.token, "admin");
    const other = apiInstance(1_000);
    // Only admins list the team: the other instance has read (and keeps) an admin's record.
    expect((await other("GET", "/v1/users", second.token)).status).toBe(200);

    const version = (await call("GET", `/v1/users/${second.id}`, { token: admin.token })).body.version;
    const demoted = await call("PATCH", `/v1/users/${second.id}`, {
      token: admin.token,
      headers: ifMatch(version),
      body: { role: "rep" },
    });
    expect(demoted.status).toBe(200);
    expect(await eventually(async () => (await other("GET", "/v1/users", second.token)).status === 403)).toBe(
      true,
    );
    expect((await other("GET", "/v1/me", second.token)).body.user.role).toBe("rep");
  });

  it("answers its own writes at once, however long it keeps what it read", async () => {
    const { admin } = await signUpTenant("cache-own-writes");
    const other = apiInstance(10 * 60_000);
    const before = await other("GET", "/v1/tenant/settings", admin.token);
    expect(before.status).toBe(200);
    expect(before.body.currency).not.toBe("EUR");
    const saved = await other("PATCH", "/v1/tenant/settings", admin.token, {
      version: 1,
      body: { currency: "EUR" },
    });
    expect(saved.status).toBe(200);
    expect((await other("GET", "/v1/tenant/settings", admin.token)).body.currency).toBe("EUR");

    // A field added through it checks the next customer written through it.
    expect((await other("GET", "/v1/custom-fields", admin.token)).body.items).toEqual([]);
    const added = await other("POST", "/v1/custom-fields", admin.token, {
      body: { key: "budget", entity: "customer", label: { en: "Budget" }, type: "number", required: true },
    });
    expect(added.status).toBe(201);
    const refused = await other("POST", "/v1/customers", admin.token, {
      body: { kind: "person", name: "Ann" },
    });
    expect(refused.status).toBe(400);
  });
});

import { GetCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { createDocumentClient, createDynamoClient, limitKeys } from "@crm/data";
import { createApi } from "@crm/functions/api/app";
import { type Limit, RATE_LIMITS, type RateLimits } from "@crm/functions/api/rate-limit-policy";
import { dynamoConnection } from "@crm/functions/config";
import { createDeps, deploymentKeys } from "@crm/functions/deps";
import { afterAll, describe, expect, it } from "vitest";
import { call, crm, PASSWORD, signUpTenant } from "../support/api.js";

const ROOMY: Limit = { attempts: 1_000_000, windowSeconds: 15 * 60 };
const ACCOUNT = RATE_LIMITS.signInFailuresPerAccount;

/** A clock the test moves: windows are fixed, so a test that straddled a window's end would flake. */
function testClock() {
  const windowSeconds = ACCOUNT.windowSeconds;
  const windowStart = Math.floor(Date.now() / 1000 / windowSeconds) * windowSeconds;
  return { now: new Date((windowStart + 60) * 1000), windowStart, windowEnd: windowStart + windowSeconds };
}

/**
 * An API like the deployed one, on the shared DynamoDB Local and identity
 * provider, with its own limits and clock. Each call to this builds a separate
 * instance, as another warm Lambda would be.
 */
function apiInstance(rateLimits: RateLimits, clock?: { now: Date }) {
  return createApi({
    ...createDeps(crm().config),
    rateLimits,
    ...(clock && { now: () => clock.now }),
  });
}

/** The runtime's view of the caller, as hono/aws-lambda gives it (or, with `node`, @hono/node-server). */
const from = (address: string, runtime: "lambda" | "node" = "lambda") =>
  runtime === "lambda"
    ? { event: { requestContext: { http: { sourceIp: address } } } }
    : { incoming: { socket: { remoteAddress: address } } };

async function post(
  api: ReturnType<typeof apiInstance>,
  path: string,
  body: unknown,
  env: object,
  headers: Record<string, string> = {},
) {
  const response = await api.request(
    path,
    {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    },
    env,
  );
  return { status: response.status, headers: response.headers, body: await response.json() };
}

const limitsTable = () => createDocumentClient(createDynamoClient(dynamoConnection(crm().config)));

describe("rate limits of the public routes", () => {
  const used: string[] = [];
  const doc = limitsTable();
  afterAll(() => doc.destroy());

  it("answers wrong passwords for one account 401 up to the limit, then 429 with Retry-After, the right password too until the window passes; two API instances share the count", async () => {
    const victim = (await signUpTenant("guessed")).admin;
    const bystander = (await signUpTenant("bystander")).admin;
    used.push(victim.email, bystander.email, "198.51.100.10", "198.51.100.11", "198.51.100.12");
    const clock = testClock();
    const limits = { ...RATE_LIMITS, perAddress: { ...RATE_LIMITS.perAddress, login: ROOMY } };
    const [first, second] = [apiInstance(limits, clock), apiInstance(limits, clock)];

    const answers = [];
    for (let attempt = 0; attempt < 30; attempt++) {
      // Alternating instances: each sees only half the attempts, so only a shared count stops the guesser.
      const api = attempt % 2 === 0 ? first : second;
      answers.push(
        await post(
          api,
          "/v1/auth/login",
          { email: victim.email, password: `Wrong-guess-${attempt}` },
          from("198.51.100.10"),
        ),
      );
    }
    expect(answers.map((answer) => answer.status)).toEqual([
      ...Array(ACCOUNT.attempts).fill(401),
      ...Array(30 - ACCOUNT.attempts).fill(429),
    ]);
    const refused = answers[ACCOUNT.attempts];
    expect(refused?.headers.get("retry-after")).toBe(String(clock.windowEnd - clock.now.getTime() / 1000));
    expect(refused?.headers.get("content-type")).toContain("application/problem+json");
    expect(refused?.body).toMatchObject({
      status: 429,
      code: "sign-in-locked",
      windowMinutes: 15,
    });

    // Locked for everyone, whatever the address: the guesser would otherwise learn the password from a 200.
    const rightPassword = { email: victim.email, password: PASSWORD };
    expect((await post(first, "/v1/auth/login", rightPassword, from("198.51.100.11"))).status).toBe(429);
    // Another account, from another address, signs in.
    const other = await post(
      second,
      "/v1/auth/login",
      { email: bystander.email, password: PASSWORD },
      from("198.51.100.12"),
    );
    expect(other.status).toBe(200);

    // The count is one item in DynamoDB, under an HMAC of the email, expiring with its window.
    const subject = await deploymentKeys(crm().config).hmac("rate-limit", victim.email);
    const { Item } = await doc.send(
      new GetCommand({
        TableName: crm().config.limitsTableName,
        Key: limitKeys.counter("account-sign-in", subject, clock.windowStart),
        ConsistentRead: true,
      }),
    );
    expect(Item).toMatchObject({ count: 31, expiresAt: clock.windowEnd });

    clock.now = new Date((clock.windowEnd + 1) * 1000);
    expect((await post(second, "/v1/auth/login", rightPassword, from("198.51.100.11"))).status).toBe(200);
  });

  it("lets no more guesses through than the limit when they are sent all at once", async () => {
    const victim = (await signUpTenant("burst")).admin;
    used.push(victim.email, "198.51.100.20");
    const limits = { ...RATE_LIMITS, perAddress: { ...RATE_LIMITS.perAddress, login: ROOMY } };
    const api = apiInstance(limits, testClock());
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, attempt) =>
        post(
          api,
          "/v1/auth/login",
          { email: victim.email, password: `Wrong-guess-${attempt}` },
          from("198.51.100.20"),
        ),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(ACCOUNT.attempts);
    expect(statuses.filter((status) => status === 429)).toHaveLength(30 - ACCOUNT.attempts);
  });

  it("limits signup, sign-in, refresh and invitation acceptance per client address, each on its own, whatever X-Forwarded-For says", async () => {
    const two: Limit = { attempts: 2, windowSeconds: 15 * 60 };
    const api = apiInstance(
      {
        signInFailuresPerAccount: ROOMY,
        perAddress: {
          signup: two,
          login: two,
          refresh: two,
          "accept-invitation": two,
          "forgot-password": ROOMY,
          "reset-password": ROOMY,
        },
        resetMailsPerAccount: ROOMY,
        invitationMailsPerRecipient: ROOMY,
        invitationMailsPerTenant: ROOMY,
      },
      testClock(),
    );
    const address = "203.0.113.40";
    used.push(address, "203.0.113.41", "2001:db8:40:1::7");
    const attempts: Array<[string, unknown]> = [
      ["/v1/signup", { companyName: "Flood Ltd" }],
      ["/v1/auth/login", { email: "nobody-flood@example.com", password: "Whatever-123" }],
      ["/v1/auth/refresh", { refreshToken: "not-a-token" }],
      ["/v1/auth/invitations/accept", { token: "not.a-token", password: "Correct-Horse-43" }],
    ];
    for (const [path, body] of attempts) {
      // The same address seen by Lambda and by Node (IPv4-mapped) is one client; a made-up
      // X-Forwarded-For on each request changes nothing.
      const first = await post(api, path, body, from(address), { "x-forwarded-for": "192.0.2.1" });
      const second = await post(api, path, body, from(`::ffff:${address}`, "node"), {
        "x-forwarded-for": "192.0.2.2",
      });
      const third = await post(api, path, body, from(address), { "x-forwarded-for": "192.0.2.3" });
      expect([first.status, second.status], path).not.toContain(429);
      expect(third.status, path).toBe(429);
      expect(Number(third.headers.get("retry-after")), path).toBeGreaterThan(0);
      expect(third.body, path).toMatchObject({ code: "network-rate-limited", windowMinutes: 15 });
      // Another address is a client of its own.
      expect((await post(api, path, body, from("203.0.113.41"))).status, path).not.toBe(429);
    }
    // An IPv6 client counts by its /64: a new address in it is no new client.
    const [path, body] = attempts[1] as [string, unknown];
    await post(api, path, body, from("2001:db8:40:1::7"));
    await post(api, path, body, from("2001:db8:40:1::8"));
    expect((await post(api, path, body, from("2001:db8:40:1:ffff::9"))).status).toBe(429);
  });

  it("counts the embedded stack's requests by the socket's address", async () => {
    const windowSeconds = RATE_LIMITS.perAddress.login.windowSeconds;
    const windowOf = () => Math.floor(Date.now() / 1000 / windowSeconds) * windowSeconds;
    const before = windowOf();
    await call("POST", "/v1/auth/login", { body: { email: "socket@example.com", password: "Whatever-123" } });
    const subject = await deploymentKeys(crm().config).hmac("rate-limit", "127.0.0.1");
    const counts = await Promise.all(
      [...new Set([before, windowOf()])].map(async (windowStart) => {
        const { Item } = await doc.send(
          new GetCommand({
            TableName: crm().config.limitsTableName,
            Key: limitKeys.counter("address-login", subject, windowStart),
            ConsistentRead: true,
          }),
        );
        return Number(Item?.count ?? 0);
      }),
    );
    expect(Math.max(...counts)).toBeGreaterThan(0);
  });

  it("keeps counters that expire and hold no email or address", async () => {
    const email = `counted-${Date.now()}@example.com`;
    used.push(email, "198.51.100.99");
    await post(
      apiInstance(RATE_LIMITS),
      "/v1/auth/login",
      { email, password: "Whatever-123" },
      from("198.51.100.99"),
    );
    const items = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(
        new ScanCommand({ TableName: crm().config.limitsTableName, ExclusiveStartKey, ConsistentRead: true }),
      );
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual(["count", "expiresAt", "pk", "sk"]);
      expect(item.expiresAt).toBeGreaterThan(Number(item.sk));
    }
    const stored = JSON.stringify(items);
    for (const value of [...used, "127.0.0.1", "socket@example.com"]) expect(stored).not.toContain(value);
  });
});

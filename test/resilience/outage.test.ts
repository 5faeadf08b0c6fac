import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type EmbeddedStack, startEmbeddedStack } from "@crm/embedded/stack";
import { RATE_LIMITS } from "@crm/functions/api/rate-limit-policy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, uniqueEmail } from "../support/api.js";
import { until as eventually, withBom } from "../support/imports.js";

/** Rows of each import (customers, then one purchase each): 2,000 rows in all, a checkpoint every 200. */
const CUSTOMERS = 1_000;
/** A page of the scoring run is 500 customers: the outage comes after the first. */
const SCORING_PAGE = 500;
const ROOMY = { attempts: 1_000_000, windowSeconds: 15 * 60 };

const DOMAIN = "@outage.example.cn";
const pad = (i: number) => String(i).padStart(4, "0");
const emailOf = (i: number) => `c${pad(i)}${DOMAIN}`;

type Answer = { status: number; body: any; headers: Headers; ms: number };

describe("the embedded stack when DynamoDB Local or the identity provider dies under it", () => {
  // A stack of its own, with its data in files: a DynamoDB Local restarted in memory would come back empty.
  let stack: EmbeddedStack;
  let dataDir: string;
  let token: string;
  let adminEmail: string;

  const call = async (
    method: string,
    path: string,
    options: { body?: unknown; raw?: Uint8Array; contentType?: string; auth?: boolean } = {},
  ): Promise<Answer> => {
    const started = performance.now();
    const response = await fetch(`${stack.url}${path}`, {
      method,
      headers: {
        ...(options.auth !== false && token && { authorization: `Bearer ${token}` }),
        ...((options.body !== undefined || options.raw) && {
          "content-type": options.contentType ?? "application/json",
        }),
      },
      body:
        (options.raw as BodyInit | undefined) ??
        (options.body === undefined ? undefined : JSON.stringify(options.body)),
      // A hang is a failure: during an outage the answer must come within seconds.
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? JSON.parse(text) : null,
      headers: response.headers,
      ms: Math.round(performance.now() - started),
    };
  };

  /** An import run that went through an outage ended with each of its rows recorded once, none lost. */
  const expectEveryRowOnce = (run: unknown) =>
    expect(run).toMatchObject({
      status: "done",
      done: CUSTOMERS,
      created: CUSTOMERS,
      existing: 0,
      failed: 0,
    });
  /** A restarted part may answer before the supervisor has counted its restart (it polls for readiness). */
  const restartsOf = (part: "dynamodb" | "identity", count: number) =>
    eventually(
      async () => stack.parts[part].restarts(),
      (restarts) => restarts >= count,
      30_000,
    );
  /** Polls until `done` holds; answers during an outage (503) are part of waiting. */
  const until = async (read: () => Promise<Answer>, done: (answer: Answer) => boolean, what: string) => {
    const deadline = Date.now() + 150_000;
    for (;;) {
      const answer = await read();
      expect([200, 503], `${what}: ${JSON.stringify(answer.body)}`).toContain(answer.status);
      if (done(answer)) return answer;
      if (Date.now() > deadline) throw new Error(`${what}: not yet: ${JSON.stringify(answer.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  const kill = (part: "dynamodb" | "identity") => {
    const pid = stack.parts[part].pid();
    expect(pid).toEqual(expect.any(Number));
    process.kill(pid as number, "SIGKILL");
    return pid;
  };

  /** Every customer of the tenant, through the API, page by page. */
  const allCustomers = async () => {
    const customers: any[] = [];
    let cursor: string | undefined;
    do {
      const page = await call("GET", `/v1/customers?limit=100${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.status).toBe(200);
      customers.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return customers;
  };

  beforeAll(async () => {
    // Files outlive the killed process wherever they are; in memory (tmpfs) where there is one, as SQLite's syncs
    // to a real disk made these tests several times slower on a busy machine.
    dataDir = mkdtempSync(join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "crm-outage-"));
    stack = await startEmbeddedStack({
      dataDir,
      tenantLimit: { ratePerSecond: 10_000, burst: 10_000 },
      rateLimits: {
        ...RATE_LIMITS,
        signInFailuresPerAccount: ROOMY,
        perAddress: { ...RATE_LIMITS.perAddress, signup: ROOMY, login: ROOMY },
      },
    });
    adminEmail = uniqueEmail("outage-admin");
    const signup = await call("POST", "/v1/signup", {
      body: {
        companyName: "Outage Ltd",
        adminName: "Olive",
        adminEmail,
        password: PASSWORD,
        locale: "zh-CN",
      },
    });
    expect(signup.status).toBe(201);
    const login = await call("POST", "/v1/auth/login", { body: { email: adminEmail, password: PASSWORD } });
    token = login.body.accessToken;
  });

  afterAll(async () => {
    await stack?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers 503 with Retry-After while DynamoDB Local is down, restarts it, and reads the same data after", async () => {
    const created = await call("POST", "/v1/customers", {
      body: { kind: "person", name: "王伟", emails: ["wang.wei@example.cn"] },
    });
    expect(created.status).toBe(201);
    const before = await call("GET", `/v1/customers/${created.body.id}`);
    expect(before.status).toBe(200);

    const killed = kill("dynamodb");
    const during = await call("GET", `/v1/customers/${created.body.id}`);
    console.log(`GET one customer while DynamoDB Local is down: ${during.status} in ${during.ms} ms`);
    expect(during.status).toBe(503);
    expect(during.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(during.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(during.body).toMatchObject({ status: 503, code: "service-unavailable" });

    const back = await until(
      () => call("GET", `/v1/customers/${created.body.id}`),
      (answer) => answer.status === 200,
      "the customer after the restart",
    );
    expect(back.body).toEqual(before.body);
    expect(await restartsOf("dynamodb", 1)).toBe(1);
    expect(stack.parts.dynamodb.pid()).not.toBe(killed);
  });

  it("answers sign-ins 503 with Retry-After while the identity provider is down, and signs in after its restart", async () => {
    kill("identity");
    const during = await call("POST", "/v1/auth/login", {
      body: { email: adminEmail, password: PASSWORD },
      auth: false,
    });
    console.log(`Sign-in while cognito-local is down: ${during.status} in ${during.ms} ms`);
    expect(during.status).toBe(503);
    expect(Number(during.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(during.body).toMatchObject({ code: "service-unavailable" });
    // Signed-in work goes on meanwhile: tokens are verified against this install's key, not by asking the provider.
    expect((await call("GET", "/v1/customers?limit=1")).status).toBe(200);
    const signedIn = await until(
      () => call("POST", "/v1/auth/login", { body: { email: adminEmail, password: PASSWORD }, auth: false }),
      (answer) => answer.status === 200,
      "sign-in after the restart",
    );
    expect(await restartsOf("identity", 1)).toBe(1);
    // Tokens from before the outage and after it both work: the same user pool, the same signing key.
    expect((await call("GET", "/v1/customers?limit=1")).status).toBe(200);
    token = signedIn.body.accessToken;
    expect((await call("GET", "/v1/customers?limit=1")).status).toBe(200);
  });

  // Slow machines: DynamoDB Local on disk writes a few dozen rows a second when other work shares the cores.
  it("resumes an import of customers interrupted by a database outage from its checkpoint, with every row once", {
    timeout: 180_000,
  }, async () => {
    const started = performance.now();
    const rows = Array.from({ length: CUSTOMERS }, (_, i) => `客户 ${pad(i)},${emailOf(i)}`);
    const job = await upload("customers", ["姓名,邮箱", ...rows].join("\n"));
    const run = await runImportThroughOutage(job.id, { 姓名: "name", 邮箱: "emails" });
    console.log(
      `Import of ${CUSTOMERS} customers through an outage: ${Math.round(performance.now() - started)} ms`,
    );
    // Rows written just before the outage are found again on the resume, and still count as this run's.
    expectEveryRowOnce(run);
    const customers = await importedCustomers();
    expect(customers).toHaveLength(CUSTOMERS);
    expect(new Set(customers.map((customer) => customer.emails[0])).size).toBe(CUSTOMERS);
    expect(await restartsOf("dynamodb", 2)).toBe(2);
  });

  it("resumes an import of transactions interrupted by a database outage, recording every row once", {
    timeout: 180_000,
  }, async () => {
    const started = performance.now();
    const rows = Array.from({ length: CUSTOMERS }, (_, i) => `T-${i},2026/3/1,${100 + i},${emailOf(i)}`);
    const job = await upload("transactions", ["订单号,日期,金额,邮箱", ...rows].join("\n"));
    const run = await runImportThroughOutage(job.id, {
      订单号: "externalRef",
      日期: "occurredAt",
      金额: "amount",
      邮箱: "customerEmail",
    });
    console.log(
      `Import of ${CUSTOMERS} transactions through an outage: ${Math.round(performance.now() - started)} ms`,
    );
    expectEveryRowOnce(run);
    // Each customer's one purchase counted once in its aggregates: no row recorded twice, none lost.
    const customers = await importedCustomers();
    expect(customers).toHaveLength(CUSTOMERS);
    for (const customer of customers) {
      const i = Number(customer.emails[0].slice(1, 5));
      expect(customer.purchases, customer.emails[0]).toMatchObject({ count: 1, netAmount: (100 + i) * 100 });
    }
    expect(await restartsOf("dynamodb", 3)).toBe(3);
  });

  it("resumes a scoring run interrupted by a database outage, scoring every customer once", {
    timeout: 180_000,
  }, async () => {
    const started = await call("POST", "/v1/scoring/runs");
    expect(started.status).toBe(202);
    const path = `/v1/scoring/runs/${started.body.id}`;
    const midway = await until(
      () => call("GET", path),
      (answer) =>
        answer.status === 200 && (answer.body.progress.done >= SCORING_PAGE || answer.body.status === "done"),
      "the scoring run's first page",
    );
    expect(midway.body.status, "the outage must come before the run ends").not.toBe("done");
    kill("dynamodb");
    const ended = await until(
      () => call("GET", path),
      (answer) => answer.status === 200 && (answer.body.status === "done" || answer.body.status === "failed"),
      "the scoring run",
    );
    const run = ended.body;
    const all = CUSTOMERS + 1;
    expect(run).toMatchObject({ status: "done", progress: { done: all, total: all } });
    expect(run.resumed).toBeGreaterThanOrEqual(1);
    expect(run.written + run.unchanged).toBe(all);
    expect(run.summary.customers).toBe(CUSTOMERS);
    expect(
      run.summary.grid.flat().reduce((sum: number, cell: { customers: number }) => sum + cell.customers, 0),
    ).toBe(CUSTOMERS);
    const customers = await importedCustomers();
    expect(customers.every((customer) => customer.score?.segment !== undefined)).toBe(true);
    expect(await restartsOf("dynamodb", 4)).toBe(4);
  });

  /** The customers the imports made (the first test's customer is not one). */
  async function importedCustomers() {
    return (await allCustomers()).filter((customer) => customer.emails[0]?.endsWith(DOMAIN));
  }

  async function upload(entity: "customers" | "transactions", csv: string) {
    const started = await call("POST", "/v1/imports", { body: { entity, fileName: `${entity}.csv` } });
    expect(started.status).toBe(201);
    const part = await call("PUT", `/v1/imports/${started.body.id}/parts/1`, {
      raw: withBom(csv),
      contentType: "application/octet-stream",
    });
    expect(part.status).toBe(200);
    return started.body as { id: string };
  }

  /** Runs an import, kills DynamoDB Local once a checkpoint is saved, and waits for the run to end. */
  async function runImportThroughOutage(id: string, mapping: Record<string, string>) {
    const queued = await call("POST", `/v1/imports/${id}/runs`, { body: { mapping } });
    expect(queued.status, JSON.stringify(queued.body)).toBe(202);
    const midway = await until(
      () => call("GET", `/v1/imports/${id}`),
      (answer) => (answer.body.run?.done ?? 0) > 0 || answer.body.run?.status === "done",
      "the import's first checkpoint",
    );
    expect(midway.body.run.status, "the outage must come before the import ends").toBe("running");
    kill("dynamodb");
    const ended = await until(
      () => call("GET", `/v1/imports/${id}`),
      (answer) =>
        answer.status === 200 && (answer.body.run.status === "done" || answer.body.run.status === "failed"),
      "the import",
    );
    return ended.body.run;
  }
});

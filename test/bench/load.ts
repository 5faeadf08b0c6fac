/**
 * Load bench (issue 12): several tenants at once send the API a mix of reads
 * (a customer, the customer list, settings, me), searches (name prefix, phone
 * digits, pinyin) and writes (a create with an Idempotency-Key, some retried;
 * a PATCH with If-Match; a purchase) over keep-alive connections, for a
 * bounded time. The "normal" tenants send at a rate a busy office reaches; one
 * more, "busy", tenant sends faster than the per-tenant limit, so its 429s
 * show the limit working while the others pass. Prints requests/s, p50/p99
 * (overall and per kind) and the count of each status. Then a few rounds of
 * writes racing on one customer (two edits with one If-Match, a purchase, two
 * deletes, one create sent twice at once; then two restores), after which the
 * customer's purchase aggregates must count each purchase it has. Exits
 * non-zero on any 5xx, a network error or timeout, a purchase lost from the
 * aggregates, or a normal tenant throttled.
 *
 *   npx pnpm@10 bench:load                                  (its own embedded stack)
 *   CRM_URL=http://127.0.0.1:3000 npx pnpm@10 bench:load    (a running `start`)
 *
 * Settings (env): LOAD_SECONDS (30), LOAD_TENANTS (5 normal), LOAD_RATE (10 requests/s per
 * normal tenant), LOAD_WORKERS (2 connections per normal tenant), LOAD_BUSY_RATE (twice the
 * tenant limit; 0: no busy tenant), LOAD_BUSY_WORKERS (8), LOAD_CUSTOMERS (30 seeded per tenant),
 * LOAD_RACES (3 rounds per normal tenant; 0: none).
 */

import { randomUUID } from "node:crypto";
import { startEmbeddedStack } from "@crm/embedded/stack";
import { RATE_LIMITS } from "@crm/functions/api/rate-limit-policy";
import { TENANT_LIMIT } from "@crm/functions/api/tenant-limiter";
import { Client, loopbackOnly, type Sent } from "./load-http.js";
import { random } from "./random.js";

const numberFromEnv = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number ≥ 0, not ${raw}`);
  return value;
};
const SECONDS = numberFromEnv("LOAD_SECONDS", 30);
const TENANTS = Math.max(1, Math.round(numberFromEnv("LOAD_TENANTS", 5)));
const RATE = numberFromEnv("LOAD_RATE", 10);
const WORKERS = Math.max(1, Math.round(numberFromEnv("LOAD_WORKERS", 2)));
const BUSY_RATE = numberFromEnv("LOAD_BUSY_RATE", TENANT_LIMIT.ratePerSecond * 2);
const BUSY_WORKERS = Math.max(1, Math.round(numberFromEnv("LOAD_BUSY_WORKERS", 8)));
const CUSTOMERS = Math.max(1, Math.round(numberFromEnv("LOAD_CUSTOMERS", 30)));
const RACES = Math.round(numberFromEnv("LOAD_RACES", 3));
const PASSWORD = "Load-Bench-2026x";

const rand = random(12);
const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)] as T;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Surnames with their pinyin, so a pinyin search finds what was seeded.
const SURNAMES = [
  ["王", "wang"],
  ["李", "li"],
  ["张", "zhang"],
  ["刘", "liu"],
  ["陈", "chen"],
  ["杨", "yang"],
  ["黄", "huang"],
  ["赵", "zhao"],
  ["周", "zhou"],
  ["吴", "wu"],
] as const;
const GIVEN = [..."伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚华玉萍红玲燕彬鹏辉飞宇浩"];
const personName = () => `${pick(SURNAMES)[0]}${pick(GIVEN)}${rand() < 0.6 ? pick(GIVEN) : ""}`;
let phoneSerial = 0;
// 7919 is prime to 90 000 000: each serial gives another 8-digit number.
const newPhone = () => `139${10_000_000 + ((phoneSerial++ * 7919) % 90_000_000)}`;

// ---------------------------------------------------------------- what is measured

type Kind =
  | "read: get customer"
  | "read: list customers"
  | "read: get settings"
  | "read: get me"
  | "search: name prefix"
  | "search: phone digits"
  | "search: pinyin"
  | "write: create customer"
  | "write: create retried (same key)"
  | "write: patch customer"
  | "write: add purchase"
  | "race: patch (same If-Match)"
  | "race: add purchase"
  | "race: delete"
  | "race: create (same key)"
  | "race: restore";

type Sample = { kind: Kind; busy: boolean; status: number | "error"; ms: number };

const samples: Sample[] = [];
/** The races on one customer after the timed run: counted apart from its rate and latency. */
const raceSamples: Sample[] = [];
/** Customers whose purchase aggregates missed a purchase that raced another write. */
const lostUpdates: string[] = [];
const bad: Array<{ kind: Kind; method: string; path: string; status: number | "error"; body: string }> = [];
/** Answers a correct client can get under concurrency; anything else 4xx is the bench's own bug. */
const EXPECTED_4XX = new Set([409, 412, 429]);
/** In a race a delete may come first: the others then find no customer (404, or 410 once merged). */
const EXPECTED_4XX_IN_RACE = new Set([...EXPECTED_4XX, 404, 410]);

function record(kind: Kind, busy: boolean, method: string, path: string, sent: Sent | Error, ms: number) {
  const status = sent instanceof Error ? "error" : sent.status;
  const racing = kind.startsWith("race:");
  (racing ? raceSamples : samples).push({ kind, busy, status, ms });
  const expected = racing ? EXPECTED_4XX_IN_RACE : EXPECTED_4XX;
  // A 429 a client cannot act on (no Retry-After) is a fault of its own.
  const unusable429 = status === 429 && !(sent as Sent).headers["retry-after"];
  const unexpected =
    status === "error" || status >= 500 || (status >= 400 && !expected.has(status)) || unusable429;
  if (unexpected && bad.length < 200) {
    const body = sent instanceof Error ? String(sent.message) : sent.text;
    bad.push({ kind, method, path, status, body: body.slice(0, 500) });
  }
}

// ---------------------------------------------------------------- a tenant and its traffic

type Tenant = {
  label: string;
  busy: boolean;
  token: string;
  currency: string;
  /** Customer id → the version last seen (undefined: unknown, read it before a PATCH). */
  customers: Map<string, number | undefined>;
  ids: string[];
  phones: string[];
};

const json = (sent: Sent) => (sent.text ? JSON.parse(sent.text) : null);
const versionOf = (sent: Sent): number | undefined => {
  const etag = sent.headers.etag;
  const match = typeof etag === "string" ? /"(\d+)"/.exec(etag) : null;
  return match ? Number(match[1]) : undefined;
};

async function must(sent: Promise<Sent>, what: string, ok = [200, 201]): Promise<Sent> {
  const answer = await sent;
  if (!ok.includes(answer.status)) {
    throw new Error(`${what}: ${answer.status} ${answer.text.slice(0, 500)}`);
  }
  return answer;
}

async function signUp(client: Client, label: string, busy: boolean): Promise<Tenant> {
  const email = `load-${label}-${randomUUID().slice(0, 8)}@bench.example`;
  await must(
    client.send("POST", "/v1/signup", {
      body: {
        companyName: `Load ${label}`,
        adminName: `${label} admin`,
        adminEmail: email,
        password: PASSWORD,
        locale: "zh-CN",
      },
    }),
    `sign up ${label} (the per-address signup limit is 10 per 15 minutes)`,
  );
  const login = json(
    await must(
      client.send("POST", "/v1/auth/login", { body: { email, password: PASSWORD } }),
      `sign in ${label}`,
    ),
  );
  const token: string = login.accessToken;
  const settings = json(await must(client.send("GET", "/v1/tenant/settings", { token }), "settings"));
  const currency: string = settings?.settings?.currency ?? settings?.currency ?? "CNY";
  return { label, busy, token, currency, customers: new Map(), ids: [], phones: [] };
}

function remember(tenant: Tenant, customer: { id: string; version: number; phones?: string[] }) {
  if (!tenant.customers.has(customer.id)) tenant.ids.push(customer.id);
  tenant.customers.set(customer.id, customer.version);
  for (const phone of customer.phones ?? []) tenant.phones.push(phone.replace(/\D/g, "").slice(-11));
}

/** Seeds the tenant's customers through the API, giving way when the tenant limit answers 429. */
async function seed(client: Client, tenant: Tenant) {
  let made = 0;
  const one = async () => {
    while (made < CUSTOMERS) {
      made++;
      const body = { kind: "person", name: personName(), phones: [newPhone()] };
      for (;;) {
        const sent = await client.send("POST", "/v1/customers", { token: tenant.token, body });
        if (sent.status === 429) {
          await sleep(1000 * Number(sent.headers["retry-after"] ?? 1));
          continue;
        }
        if (sent.status !== 201) throw new Error(`seed ${tenant.label}: ${sent.status} ${sent.text}`);
        remember(tenant, json(sent));
        break;
      }
    }
  };
  await Promise.all([one(), one(), one()]);
}

/** Hands out send times at a steady rate per tenant (open loop: late workers do not catch up in a burst). */
class Pace {
  private next = performance.now();
  constructor(private readonly intervalMs: number) {}
  async turn() {
    const now = performance.now();
    const at = Math.max(now, this.next);
    this.next = at + this.intervalMs;
    if (at > now) await sleep(at - now);
  }
}

const MIX: Array<[Kind, number]> = [
  ["read: get customer", 22],
  ["read: list customers", 12],
  ["read: get settings", 8],
  ["read: get me", 8],
  ["search: name prefix", 9],
  ["search: phone digits", 8],
  ["search: pinyin", 8],
  ["write: create customer", 9],
  ["write: patch customer", 9],
  ["write: add purchase", 7],
];
const MIX_TOTAL = MIX.reduce((sum, [, weight]) => sum + weight, 0);
function chooseKind(): Kind {
  let roll = rand() * MIX_TOTAL;
  for (const [kind, weight] of MIX) {
    roll -= weight;
    if (roll < 0) return kind;
  }
  return MIX[0]?.[0] as Kind;
}

/** Sends as the tenant and records the answer under `kind`; undefined when none came. */
async function sendAs(
  client: Client,
  tenant: Tenant,
  kind: Kind,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Sent | undefined> {
  const started = performance.now();
  try {
    const sent = await client.send(method, path, { token: tenant.token, ...options });
    record(kind, tenant.busy, method, path, sent, sent.ms);
    return sent;
  } catch (error) {
    record(kind, tenant.busy, method, path, error as Error, performance.now() - started);
    return undefined;
  }
}

const purchaseBody = (tenant: Tenant) => ({
  occurredAt: new Date(Date.now() - Math.floor(rand() * 90) * 86_400_000).toISOString(),
  amount: 100 + Math.floor(rand() * 99_900),
  currency: tenant.currency,
  kind: "purchase",
  channel: pick(["store", "online", "wechat"]),
});

async function act(client: Client, tenant: Tenant, kind: Kind) {
  const send = (
    as: Kind,
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ) => sendAs(client, tenant, as, method, path, options);
  const q = (text: string) => `/v1/customers?limit=25&q=${encodeURIComponent(text)}`;
  const someId = () => pick(tenant.ids);
  switch (kind) {
    case "read: get customer": {
      const id = someId();
      const sent = await send(kind, "GET", `/v1/customers/${id}`);
      if (sent?.status === 200) tenant.customers.set(id, versionOf(sent));
      return;
    }
    case "read: list customers":
      return void (await send(kind, "GET", "/v1/customers?limit=25"));
    case "read: get settings":
      return void (await send(kind, "GET", "/v1/tenant/settings"));
    case "read: get me":
      return void (await send(kind, "GET", "/v1/me"));
    case "search: name prefix": {
      const [surname] = pick(SURNAMES);
      return void (await send(kind, "GET", q(rand() < 0.5 ? surname : `${surname}${pick(GIVEN)}`)));
    }
    case "search: phone digits": {
      const phone = pick(tenant.phones) ?? "139";
      return void (await send(kind, "GET", q(phone.slice(0, 3 + Math.floor(rand() * 6)))));
    }
    case "search: pinyin": {
      const [, pinyin] = pick(SURNAMES);
      return void (await send(
        kind,
        "GET",
        q(rand() < 0.7 ? pinyin : `${pinyin[0]}${pick(["w", "l", "m"])}`),
      ));
    }
    case "write: create customer": {
      const key = randomUUID();
      const body = { kind: "person", name: personName(), phones: [newPhone()] };
      const headers = { "idempotency-key": key };
      const sent = await send(kind, "POST", "/v1/customers", { body, headers });
      if (sent?.status !== 201) return;
      remember(tenant, json(sent));
      // A phone on a bad network retries: the same key must answer the same customer.
      if (rand() < 0.25) {
        const again = await send("write: create retried (same key)", "POST", "/v1/customers", {
          body,
          headers,
        });
        if (again && again.status < 300 && json(again).id !== json(sent).id) {
          bad.push({
            kind: "write: create retried (same key)",
            method: "POST",
            path: "/v1/customers",
            status: again.status,
            body: `a retry made a second customer: ${again.text.slice(0, 300)}`,
          });
        }
      }
      return;
    }
    case "write: patch customer": {
      const id = someId();
      let version = tenant.customers.get(id);
      if (version === undefined) {
        const current = await send("read: get customer", "GET", `/v1/customers/${id}`);
        if (current?.status !== 200) return;
        version = versionOf(current);
        tenant.customers.set(id, version);
      }
      const sent = await send(kind, "PATCH", `/v1/customers/${id}`, {
        body: { name: personName() },
        headers: { "if-match": `"${version}"` },
      });
      // Another connection of this tenant changed it first (412): read it again before the next edit.
      tenant.customers.set(id, sent?.status === 200 ? versionOf(sent) : undefined);
      return;
    }
    case "write: add purchase": {
      const id = someId();
      const sent = await send(kind, "POST", `/v1/customers/${id}/transactions`, {
        body: purchaseBody(tenant),
        headers: { "idempotency-key": randomUUID() },
      });
      // The customer's version may have moved with its purchases: read it before the next edit.
      if (sent?.status === 201) tenant.customers.set(id, undefined);
      return;
    }
    default:
      return;
  }
}

/**
 * After the timed run: writes that meet on one customer at once, as when two
 * people edit it or a phone retries. Each must answer 2xx or a 4xx problem
 * (412 stale, 409 in progress, 404 deleted first), never 5xx.
 */
async function race(client: Client, tenant: Tenant, rounds: number) {
  for (let round = 0; round < rounds; round++) {
    const created = await must(
      client.send("POST", "/v1/customers", {
        token: tenant.token,
        body: { kind: "person", name: personName() },
      }),
      `a customer to race on (${tenant.label})`,
    );
    const { id, version } = json(created) as { id: string; version: number };
    const ifMatch = { "if-match": `"${version}"` };
    const same = {
      body: { kind: "person", name: personName() },
      headers: { "idempotency-key": randomUUID() },
    };
    const path = `/v1/customers/${id}`;
    const send = (kind: Kind, method: string, to: string, options = {}) =>
      sendAs(client, tenant, kind, method, to, options);
    await Promise.all([
      send("race: patch (same If-Match)", "PATCH", path, { body: { name: personName() }, headers: ifMatch }),
      send("race: patch (same If-Match)", "PATCH", path, { body: { name: personName() }, headers: ifMatch }),
      send("race: add purchase", "POST", `${path}/transactions`, { body: purchaseBody(tenant) }),
      send("race: delete", "DELETE", path),
      send("race: delete", "DELETE", path),
      send("race: create (same key)", "POST", "/v1/customers", same),
      send("race: create (same key)", "POST", "/v1/customers", same),
    ]);
    // Two people restore it at once: one brings it back, the other finds nothing deleted.
    await Promise.all([
      send("race: restore", "POST", `${path}/restore`),
      send("race: restore", "POST", `${path}/restore`),
    ]);
    // Whatever came first, the customer's aggregates count every purchase it keeps.
    const [customer, transactions] = await Promise.all([
      client.send("GET", path, { token: tenant.token }),
      client.send("GET", `${path}/transactions?limit=100`, { token: tenant.token }),
    ]);
    if (customer.status === 200 && transactions.status === 200) {
      const counted: number = json(customer).purchases?.count ?? 0;
      const recorded = (json(transactions).items as Array<{ kind: string }>).filter(
        (transaction) => transaction.kind === "purchase",
      ).length;
      if (counted !== recorded) {
        lostUpdates.push(`${path}: ${recorded} purchase(s) recorded, its aggregates count ${counted}`);
      }
    }
  }
}

async function drive(client: Client, tenant: Tenant, rate: number, workers: number, endAt: number) {
  const pace = new Pace(1000 / rate);
  const worker = async () => {
    for (;;) {
      await pace.turn();
      if (performance.now() >= endAt) return;
      await act(client, tenant, chooseKind());
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
}

// ---------------------------------------------------------------- figures

const quantile = (sorted: number[], q: number) =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0);
const ms = (value: number) => `${value.toFixed(1)} ms`;
function latency(of: Sample[]) {
  const sorted = of.map((sample) => sample.ms).sort((a, b) => a - b);
  return { n: sorted.length, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
}
function statusCounts(of: Sample[]) {
  const counts = new Map<string, number>();
  for (const sample of of) counts.set(String(sample.status), (counts.get(String(sample.status)) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
}
const describeCounts = (of: Sample[]) =>
  statusCounts(of)
    .map(([status, n]) => `${status}×${n}`)
    .join(" ");

function report(seconds: number, connections: number, tenantCount: number) {
  const served = samples.filter((sample) => sample.status !== 429);
  const throttled = samples.filter((sample) => sample.status === 429);
  const overall = latency(served);
  console.log("");
  console.log(
    `load: ${tenantCount} tenants (${TENANTS} normal at ${RATE}/s each${BUSY_RATE > 0 ? `, 1 busy at ${BUSY_RATE}/s` : ""}), ` +
      `${connections} connections, ${seconds.toFixed(1)} s; tenant limit ${TENANT_LIMIT.ratePerSecond}/s, burst ${TENANT_LIMIT.burst}`,
  );
  console.log(
    `requests/s: ${(samples.length / seconds).toFixed(1)} sent, ${(served.length / seconds).toFixed(1)} served (not 429)`,
  );
  console.log(`latency of served requests: p50 ${ms(overall.p50)}, p99 ${ms(overall.p99)} (n=${overall.n})`);
  console.log(`statuses: ${describeCounts(samples)}`);
  console.log(
    `throttled (429, counted apart): normal tenants ${throttled.filter((s) => !s.busy).length}, ` +
      `busy tenant ${throttled.filter((s) => s.busy).length} of ${samples.filter((s) => s.busy).length}`,
  );
  console.log("");
  const kinds = [...new Set(samples.map((sample) => sample.kind))].sort();
  const width = Math.max(...kinds.map((kind) => kind.length));
  console.log(
    `${"kind".padEnd(width)}  ${"n".padStart(6)}  ${"p50".padStart(9)}  ${"p99".padStart(9)}  statuses`,
  );
  for (const kind of kinds) {
    const ofKind = samples.filter((sample) => sample.kind === kind);
    const figures = latency(ofKind.filter((sample) => sample.status !== 429));
    console.log(
      `${kind.padEnd(width)}  ${String(ofKind.length).padStart(6)}  ${ms(figures.p50).padStart(9)}  ${ms(figures.p99).padStart(9)}  ${describeCounts(ofKind)}`,
    );
  }
}

// ---------------------------------------------------------------- the run

async function main() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  // Readable logs and no EMF metric line per throttled request (the stack runs in this process).
  process.env.POWERTOOLS_DEV = "true";
  const log = (...parts: unknown[]) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...parts);
  const given = process.env.CRM_URL;
  if (given) loopbackOnly(given);
  log(given ? `using ${given}` : "starting the embedded stack");
  // The stack keeps its real tenant limit: the bench shows what one tenant may send. Only
  // signup and sign-in per address are raised: every tenant of the bench signs up from 127.0.0.1.
  const roomy = { attempts: 1_000_000, windowSeconds: 15 * 60 };
  const stack = given
    ? undefined
    : await startEmbeddedStack({
        host: "127.0.0.1",
        rateLimits: {
          ...RATE_LIMITS,
          perAddress: { ...RATE_LIMITS.perAddress, signup: roomy, login: roomy },
        },
      });
  const base = (given ?? stack?.url) as string;
  const connections = TENANTS * WORKERS + (BUSY_RATE > 0 ? BUSY_WORKERS : 0);
  const client = new Client(base, connections);
  let failed = false;
  try {
    const labels = Array.from({ length: TENANTS }, (_, index) => ({ label: `t${index + 1}`, busy: false }));
    if (BUSY_RATE > 0) labels.push({ label: "busy", busy: true });
    const tenants: Tenant[] = [];
    for (const { label, busy } of labels) tenants.push(await signUp(client, label, busy));
    log(`signed up ${tenants.length} tenants; seeding ${CUSTOMERS} customers each`);
    await Promise.all(tenants.map((tenant) => seed(client, tenant)));
    // Every tenant starts the run with a full bucket, as after a quiet moment.
    await sleep(Math.ceil((TENANT_LIMIT.burst / TENANT_LIMIT.ratePerSecond) * 1000) + 500);
    log(`sending for ${SECONDS} s over up to ${connections} keep-alive connections`);
    client.startRun();
    const started = performance.now();
    const endAt = started + SECONDS * 1000;
    await Promise.all(
      tenants.map((tenant) =>
        tenant.busy
          ? drive(client, tenant, BUSY_RATE, BUSY_WORKERS, endAt)
          : drive(client, tenant, RATE, WORKERS, endAt),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    report(seconds, client.socketsUsed.size, tenants.length);
    if (RACES > 0) {
      log(`racing writes on one customer: ${RACES} rounds per normal tenant`);
      await Promise.all(
        tenants.filter((tenant) => !tenant.busy).map((tenant) => race(client, tenant, RACES)),
      );
      console.log("");
      const kinds = [...new Set(raceSamples.map((sample) => sample.kind))].sort();
      for (const kind of kinds)
        console.log(
          `${kind.padEnd(32)}  ${describeCounts(raceSamples.filter((sample) => sample.kind === kind))}`,
        );
    }

    const serverErrors = bad.filter((entry) => entry.status === "error" || entry.status >= 500);
    const otherProblems = bad.filter((entry) => !serverErrors.includes(entry));
    // Counted from every answer: `bad` keeps only the first bodies.
    const failedAnswers = [...samples, ...raceSamples].filter(
      (sample) => sample.status === "error" || sample.status >= 500,
    ).length;
    const normalThrottled = samples.filter((sample) => !sample.busy && sample.status === 429).length;
    const busyThrottled = samples.filter((sample) => sample.busy && sample.status === 429).length;
    const busySent = samples.filter((sample) => sample.busy).length;
    console.log("");
    if (failedAnswers > 0) {
      failed = true;
      console.log(`FAIL: ${failedAnswers} answers were 5xx or no answer; a sample:`);
      // Two of each kind, so a rare kind is not hidden behind a frequent one.
      const shown = serverErrors.filter(
        (entry, index) =>
          serverErrors.slice(0, index).filter((other) => other.kind === entry.kind).length < 2,
      );
      for (const entry of shown)
        console.log(`  ${entry.status} ${entry.method} ${entry.path} (${entry.kind}): ${entry.body}`);
    } else console.log("ok: no 5xx, no network error");
    if (lostUpdates.length > 0) {
      failed = true;
      console.log(`FAIL: ${lostUpdates.length} customers lost a purchase from their aggregates in a race:`);
      for (const entry of lostUpdates.slice(0, 5)) console.log(`  ${entry}`);
    } else if (RACES > 0) console.log("ok: every raced purchase is in its customer's aggregates");
    if (otherProblems.length > 0) {
      // Not the server failing, but a request the bench got wrong: shown so it gets fixed.
      console.log(`note: ${otherProblems.length} unexpected answers; a sample:`);
      for (const entry of otherProblems.slice(0, 5))
        console.log(`  ${entry.status} ${entry.method} ${entry.path} (${entry.kind}): ${entry.body}`);
    }
    if (normalThrottled > 0) {
      failed = true;
      console.log(`FAIL: normal tenants (${RATE}/s each) got ${normalThrottled} answers of 429`);
    } else console.log(`ok: normal tenants at ${RATE}/s were never throttled`);
    if (BUSY_RATE > 0)
      console.log(
        busyThrottled > 0
          ? `ok: the busy tenant at ${BUSY_RATE}/s was throttled ${busyThrottled} times`
          : `note: the busy tenant was never throttled: it got ${(busySent / seconds).toFixed(1)}/s through (the stack saturated, or its tenant limit is raised)`,
      );
    console.log(
      `connections: ${client.connectionsOpened} opened in all (at most ${connections} at once), up to ${client.maxInFlight} requests in flight`,
    );
  } finally {
    client.agent.destroy();
    await stack?.stop();
  }
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

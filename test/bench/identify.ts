/**
 * Benchmark of issue 4 (Identify) on the embedded stack: one tenant with
 * N customers (imported through the API, which gives the import rate) and M
 * transactions (written straight to DynamoDB Local with their aggregates, as
 * an import of a million rows would take hours here). Then, through the API:
 * name-prefix search p50/p95, get-by-id p50/p95 next to a raw GetItem of the
 * same items in the same run, a customer's transactions, and a transaction
 * import's rate. Prints the figures; writes them to test/artifacts/.
 *
 *   npx pnpm@10 bench:identify [--customers 100000] [--transactions 1000000]
 */

import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { BatchWriteCommand, GetCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { collections, createDocumentClient, createDynamoClient, keys } from "@crm/data";
import { applyTransaction, noPurchases, type Purchases } from "@crm/domain";
import { startEmbeddedStack } from "@crm/embedded/stack";
import { dynamoConnection } from "@crm/functions/config";
import { random } from "./random.js";

const { values: args } = parseArgs({
  options: {
    customers: { type: "string", default: "100000" },
    transactions: { type: "string", default: "1000000" },
    samples: { type: "string", default: "300" },
  },
});
const CUSTOMERS = Number(args.customers);
const TRANSACTIONS = Number(args.transactions);
const SAMPLES = Number(args.samples);
const PASSWORD = "Bench-Password-2026";

const rand = random(42);
const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)] as T;

const SURNAMES = [
  ..."王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤",
];
const GIVEN = [
  ..."伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉飞宇浩然子轩梓涵一诺欣怡",
];
const FIRST = [
  "James",
  "Mary",
  "John",
  "Linda",
  "David",
  "Susan",
  "Wei",
  "Anna",
  "Peter",
  "Emma",
  "Lucas",
  "Mia",
  "Noah",
  "Olivia",
];
const LAST = [
  "Smith",
  "Johnson",
  "Brown",
  "Lee",
  "Garcia",
  "Miller",
  "Davis",
  "Wilson",
  "Taylor",
  "Clark",
  "Lewis",
  "Walker",
];
const TAGS = ["vip", "wechat", "fair-2026", "wholesale", "online", "store"];

function customerName() {
  if (rand() < 0.75) return pick(SURNAMES) + pick(GIVEN) + (rand() < 0.6 ? pick(GIVEN) : "");
  return `${pick(FIRST)} ${pick(LAST)}`;
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const summary = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: round(quantile(sorted, 0.5)), p95: round(quantile(sorted, 0.95)), n: sorted.length };
};
const round = (value: number) => Math.round(value * 100) / 100;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}

async function main() {
  const log = (...parts: unknown[]) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...parts);
  log(`starting the embedded stack (customers ${CUSTOMERS}, transactions ${TRANSACTIONS})`);
  const stack = await startEmbeddedStack({ tenantLimit: { ratePerSecond: 1e6, burst: 1e6 } });
  const api = async (method: string, path: string, token?: string, body?: unknown, raw?: Uint8Array) => {
    const response = await fetch(`${stack.url}${path}`, {
      method,
      headers: {
        ...(token && { authorization: `Bearer ${token}` }),
        ...(body !== undefined && { "content-type": "application/json" }),
        ...(raw && { "content-type": "application/octet-stream" }),
      },
      body: (raw as BodyInit | undefined) ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  try {
    const email = `bench-${Date.now()}@bench.example`;
    const signup = await api("POST", "/v1/signup", undefined, {
      companyName: "Bench Ltd",
      adminName: "Bench Admin",
      adminEmail: email,
      password: PASSWORD,
      locale: "zh-CN",
    });
    const tenantId: string = signup.tenantId;
    const token: string = (await api("POST", "/v1/auth/login", undefined, { email, password: PASSWORD }))
      .accessToken;

    // 1. Customers through the import, as a user would bring them.
    const lines = ["姓名,手机,邮箱,标签"];
    for (let index = 0; index < CUSTOMERS; index++) {
      lines.push(
        `${customerName()},1${String(3_000_000_000 + index).padStart(10, "0")},c${index}@bench.example,${pick(TAGS)}`,
      );
    }
    const file = new TextEncoder().encode(`${lines.join("\r\n")}\r\n`);
    const importRun = async (entity: string, bytes: Uint8Array) => {
      const job = await api("POST", "/v1/imports", token, { entity, fileName: `${entity}.csv` });
      const partSize = 4 * 1024 * 1024 - 1024;
      let first = job;
      for (let part = 1; part * partSize - partSize < bytes.length; part++) {
        const answer = await api(
          "PUT",
          `/v1/imports/${job.id}/parts/${part}`,
          token,
          undefined,
          bytes.subarray((part - 1) * partSize, part * partSize),
        );
        if (part === 1) first = answer;
      }
      const started = performance.now();
      await api("POST", `/v1/imports/${job.id}/runs`, token, { mapping: first.suggestedMapping });
      let lastLog = 0;
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const current = await api("GET", `/v1/imports/${job.id}`, token);
        if (performance.now() - lastLog > 30_000) {
          log(`  import ${entity}: ${current.run.done} of ${current.run.total ?? "?"}`);
          lastLog = performance.now();
        }
        if (current.run.status === "done") {
          const seconds = (performance.now() - started) / 1000;
          return {
            rows: current.run.total as number,
            created: current.run.created as number,
            failed: current.run.failed as number,
            seconds: round(seconds),
            rowsPerSecond: round(current.run.total / seconds),
          };
        }
      }
    };
    log(`importing ${CUSTOMERS} customers (${(file.length / 1e6).toFixed(1)} MB)`);
    const customerImport = await importRun("customers", file);
    log("customer import", customerImport);

    // 2. Transactions straight into DynamoDB Local, with each customer's aggregates.
    const doc = createDocumentClient(createDynamoClient(dynamoConnection(stack.config)));
    const table = stack.config.tableName;
    const ids: string[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(
        new QueryCommand({
          TableName: table,
          IndexName: "gsi1",
          KeyConditionExpression: "gsi1pk = :p",
          ExpressionAttributeValues: { ":p": collections.customersByName(tenantId) },
          ProjectionExpression: "id",
          ExclusiveStartKey: cursor,
        }),
      );
      ids.push(...(page.Items ?? []).map((item) => item.id as string));
      cursor = page.LastEvaluatedKey;
    } while (cursor);
    log(`writing ${TRANSACTIONS} transactions for ${ids.length} customers`);
    const [, seedMs] = await timed(async () => {
      const perCustomer = TRANSACTIONS / ids.length;
      let written = 0;
      let pending: Record<string, unknown>[] = [];
      const flushing: Promise<void>[] = [];
      const writeBatch = async (items: Record<string, unknown>[]) => {
        let requests = items.map((Item) => ({ PutRequest: { Item } }));
        while (requests.length > 0) {
          const { UnprocessedItems } = await doc.send(
            new BatchWriteCommand({ RequestItems: { [table]: requests } }),
          );
          requests = (UnprocessedItems?.[table] ?? []) as typeof requests;
        }
      };
      const updates: Array<() => Promise<unknown>> = [];
      for (const [index, customerId] of ids.entries()) {
        const count = Math.round(perCustomer * (index < ids.length - 1 ? 0.2 + rand() * 1.6 : 1)) || 1;
        let purchases: Purchases = noPurchases("CNY");
        for (let n = 0; n < count && written < TRANSACTIONS; n++, written++) {
          const occurredAt = new Date(
            Date.UTC(2024, 0, 1) + Math.floor(rand() * 2.9 * 365 * 86_400_000),
          ).toISOString();
          const transaction = {
            id: crypto.randomUUID(),
            customerId,
            occurredAt,
            amount: 1_000 + Math.floor(rand() * 99_000),
            currency: "CNY",
            kind: rand() < 0.05 ? ("refund" as const) : ("purchase" as const),
            channel: pick(["store", "online", "wechat"]),
            createdAt: occurredAt,
          };
          purchases = applyTransaction(purchases, transaction);
          pending.push({
            ...keys.transaction(tenantId, customerId, occurredAt, transaction.id),
            ...transaction,
          });
          if (pending.length === 25) {
            flushing.push(writeBatch(pending));
            pending = [];
            if (flushing.length >= 8) await Promise.all(flushing.splice(0));
          }
        }
        const aggregates = purchases;
        updates.push(() =>
          doc.send(
            new UpdateCommand({
              TableName: table,
              Key: keys.customer(tenantId, customerId),
              UpdateExpression: "SET purchases = :p, purchasesVersion = :v",
              ExpressionAttributeValues: { ":p": aggregates, ":v": 1 },
            }),
          ),
        );
        if (index % 20_000 === 0) log(`  ${written} transactions written`);
      }
      if (pending.length > 0) flushing.push(writeBatch(pending));
      await Promise.all(flushing);
      for (let start = 0; start < updates.length; start += 16)
        await Promise.all(updates.slice(start, start + 16).map((update) => update()));
      log(`  ${written} transactions written`);
    });

    // 3. Name-prefix search through the API: characters, pinyin, initials, Latin.
    const prefixes = Array.from(
      { length: SAMPLES },
      (_, index) =>
        [
          pick(SURNAMES),
          `${pick(SURNAMES)}${pick(GIVEN)}`,
          pick(["zh", "wa", "li", "ch", "zw", "ly", "wang", "zhang"]),
          pick(FIRST).slice(0, 3).toLowerCase(),
        ][index % 4] as string,
    );
    // Beside each API search: the same search in the data layer (Query + BatchGet), and its Query alone.
    const tenant = await stack.deps.store.forTenant(tenantId);
    if (!tenant) throw new Error("the tenant is missing");
    const search: number[] = [];
    const searchDataLayer: number[] = [];
    const searchQueryOnly: number[] = [];
    let found = 0;
    for (const prefix of prefixes) {
      const [page, ms] = await timed(() =>
        api("GET", `/v1/customers?limit=25&q=${encodeURIComponent(prefix)}`, token),
      );
      search.push(ms);
      found += page.items.length;
      searchDataLayer.push(
        (await timed(() => tenant.customers.list({ by: { name: true }, prefix, limit: 25 })))[1],
      );
      const queryOnly = new QueryCommand({
        TableName: table,
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :p AND begins_with(gsi1sk, :q)",
        ExpressionAttributeValues: {
          ":p": collections.customerSearchKeys(tenantId, prefix.toLowerCase()),
          ":q": prefix.toLowerCase(),
        },
        Limit: 25,
      });
      searchQueryOnly.push((await timed(() => doc.send(queryOnly)))[1]);
    }

    // 4. Get by id: the API and a raw GetItem of the same item, interleaved in the same run.
    const sample = Array.from({ length: SAMPLES }, () => pick(ids));
    const viaApi: number[] = [];
    const raw: number[] = [];
    for (const id of sample) {
      viaApi.push((await timed(() => api("GET", `/v1/customers/${id}`, token)))[1]);
      raw.push(
        (
          await timed(() => doc.send(new GetCommand({ TableName: table, Key: keys.customer(tenantId, id) })))
        )[1],
      );
    }
    const transactionsPage: number[] = [];
    for (const id of sample.slice(0, 100)) {
      transactionsPage.push(
        (await timed(() => api("GET", `/v1/customers/${id}/transactions?limit=25`, token)))[1],
      );
    }

    // 5. A transaction import's rate (by customer email), on top of everything above.
    const txnRows = Math.min(10_000, TRANSACTIONS);
    const txnLines = ["订单号,日期,金额,邮箱"];
    for (let index = 0; index < txnRows; index++) {
      txnLines.push(
        `B-${index},2026/${1 + (index % 12)}/${1 + (index % 28)},${(10 + rand() * 990).toFixed(2)},c${Math.floor(rand() * CUSTOMERS)}@bench.example`,
      );
    }
    log(`importing ${txnRows} transactions`);
    const transactionImport = await importRun("transactions", new TextEncoder().encode(txnLines.join("\n")));

    const apiGet = summary(viaApi);
    const rawGet = summary(raw);
    const figures = {
      machine: { cpus: (await import("node:os")).cpus().length, node: process.version },
      customers: ids.length,
      transactions: TRANSACTIONS,
      customerImport,
      transactionSeedSeconds: round(seedMs / 1000),
      transactionImport,
      nameSearchMs: { ...summary(search), averageResults: round(found / prefixes.length) },
      nameSearchDataLayerMs: summary(searchDataLayer),
      nameSearchQueryOnlyMs: summary(searchQueryOnly),
      getByIdApiMs: apiGet,
      getByIdRawGetItemMs: rawGet,
      apiToRawRatio: { p50: round(apiGet.p50 / rawGet.p50), p95: round(apiGet.p95 / rawGet.p95) },
      transactionsPageMs: summary(transactionsPage),
      apiProcessRssMb: round(process.memoryUsage().rss / 1e6),
    };
    console.log(JSON.stringify(figures, null, 2));
    const out = resolve(import.meta.dirname, "../artifacts");
    mkdirSync(out, { recursive: true });
    writeFileSync(resolve(out, "bench-identify.json"), `${JSON.stringify(figures, null, 2)}\n`);
  } finally {
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

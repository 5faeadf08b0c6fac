import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { collections, createDocumentClient, createDynamoClient, keys } from "@crm/data";
import type { Customer } from "@crm/domain";
import { LocalJobQueue } from "@crm/embedded/local-queue";
import { dynamoConnection } from "@crm/functions/config";
import type { JobContext } from "@crm/functions/jobs/job-context";
import type { JobMessage } from "@crm/functions/jobs/messages";
import { runJob } from "@crm/functions/jobs/run-job";
import { runScoring, startScoring } from "@crm/functions/jobs/scoring-job";
import { createStore } from "@crm/functions/store";
import { beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  call,
  crm,
  ifMatch,
  type Member,
  purchase,
  signUpTenant,
  type TestTenant,
} from "../support/api.js";
import { until } from "../support/imports.js";
import { seedBuyers, tenantData } from "../support/scoring.js";

const finished = (token: string, id: string) =>
  until(
    async () => (await call("GET", `/v1/scoring/runs/${id}`, { token })).body,
    (run) => run.status === "done" || run.status === "failed",
    120_000,
  );

describe("nightly scoring", () => {
  let tenant: TestTenant;
  let rep: Member;
  let manager: Member;
  let buyers: Customer[];

  beforeAll(async () => {
    tenant = await signUpTenant("scoring", { locale: "zh-CN", timeZone: "Asia/Shanghai" });
    rep = await addMember(tenant.admin.token, "rep");
    manager = await addMember(tenant.admin.token, "manager");
    const data = await tenantData(tenant.tenantId);
    buyers = await seedBuyers(data, {
      count: 130,
      owners: [
        { id: tenant.admin.id, name: "Admin" },
        { id: rep.id, name: "Rep" },
      ],
      label: "Buyer",
    });
    // A prospect: no purchase, no score.
    await call("POST", "/v1/customers", {
      token: tenant.admin.token,
      body: { kind: "person", name: "Prospect" },
    });
  }, 300_000);

  it("scores every customer on demand, and a second run with no new data writes no score", async () => {
    const started = await call("POST", "/v1/scoring/runs", { token: tenant.admin.token });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: "queued", trigger: "manual" });
    const run = await finished(tenant.admin.token, started.body.id);
    expect(run).toMatchObject({
      status: "done",
      progress: { done: 131, total: 131 },
      written: 130,
      unchanged: 1,
    });
    expect(run.models).toMatchObject({ model: "bgnbd", customers: 130 });
    expect(run.models.bgnbd.ll).toBeLessThan(0);
    expect(run.capacity.read).toBeGreaterThan(0);
    expect(run.capacity.write).toBeGreaterThan(0);
    expect(run.durationMs).toBeGreaterThan(0);
    expect(run.summary.customers).toBe(130);
    expect(run.summary.prospects).toBe(1);
    expect(
      run.summary.grid.flat().reduce((sum: number, cell: { customers: number }) => sum + cell.customers, 0),
    ).toBe(130);
    // Quintiles: about a fifth of the buyers in each recency score.
    for (const row of run.summary.grid) {
      const inRow = row.reduce((sum: number, cell: { customers: number }) => sum + cell.customers, 0);
      expect(inRow).toBeGreaterThanOrEqual(20);
      expect(inRow).toBeLessThanOrEqual(32);
    }
    const again = await call("POST", "/v1/scoring/runs", { token: tenant.admin.token });
    const second = await finished(tenant.admin.token, again.body.id);
    expect(second).toMatchObject({ status: "done", written: 0, unchanged: 131 });
    // Only the run's own record is written on a quiet night.
    expect(second.capacity.write).toBeLessThan(run.capacity.write / 10);
    const list = await call("GET", "/v1/scoring/runs", { token: manager.token });
    expect(list.body.items.map((item: { id: string }) => item.id).slice(0, 2)).toEqual([
      again.body.id,
      started.body.id,
    ]);
    expect(list.body.items[0].summary).toBeUndefined();
  });

  it("gives each buyer a score the customer page can explain, and lists segments by value", async () => {
    const customer = await call("GET", `/v1/customers/${buyers[3]?.id}`, { token: tenant.admin.token });
    const score = customer.body.score;
    expect(score).toMatchObject({
      model: "bgnbd",
      rfm: { r: expect.any(Number), f: expect.any(Number), m: expect.any(Number) },
      abc: expect.stringMatching(/^[ABC]$/),
      churnRisk: expect.stringMatching(/^(low|medium|high)$/),
    });
    const transactions = await call("GET", `/v1/customers/${buyers[3]?.id}/transactions?limit=100`, {
      token: tenant.admin.token,
    });
    const days = new Set(
      transactions.body.items.map((t: { occurredAt: string }) =>
        new Date(Date.parse(t.occurredAt) + 8 * 3_600_000).toISOString().slice(0, 10),
      ),
    );
    expect(score.inputs.purchaseDays).toBe(days.size);
    expect(score.probabilityAlive).toBeGreaterThanOrEqual(0);
    expect(score.probabilityAlive).toBeLessThanOrEqual(1);
    expect(score.predictedValue).toBeGreaterThanOrEqual(0);
    expect(customer.body.lifecycleStage).toBe(score.stage);
    const inSegment = await call("GET", `/v1/customers?segment=${score.segment}&limit=100`, {
      token: tenant.admin.token,
    });
    expect(inSegment.body.items.map((c: Customer) => c.id)).toContain(buyers[3]?.id);
    const values = inSegment.body.items.map((c: Customer) => c.score?.predictedValue ?? 0);
    expect(values).toEqual([...values].sort((p, q) => q - p));
    const prospect = await call("GET", "/v1/customers?q=Prospect", { token: tenant.admin.token });
    expect(prospect.body.items[0].score).toBeUndefined();
    expect(prospect.body.items[0].lifecycleStage).toBe("prospect");
  });

  it("exports a segment's customers, for a campaign aimed at it", async () => {
    const summary = await call("GET", "/v1/analytics/summary", { token: tenant.admin.token });
    const segment = summary.body.summary.segments.find((s: { customers: number }) => s.customers > 0);
    const started = await call("POST", "/v1/exports", {
      token: tenant.admin.token,
      body: { entity: "customers", filter: { segment: segment.key } },
    });
    expect(started.status).toBe(202);
    const done = await until(
      async () => (await call("GET", `/v1/exports/${started.body.id}`, { token: tenant.admin.token })).body,
      (job) => job.status === "done",
    );
    expect(done.rows).toBe(segment.customers);
    const both = await call("POST", "/v1/exports", {
      token: tenant.admin.token,
      body: { entity: "customers", filter: { segment: segment.key, churnRisk: "high" } },
    });
    expect(both.status).toBe(400);
    expect(both.body.errors.map((e: { path: string }) => e.path)).toEqual([
      "filter.segment",
      "filter.churnRisk",
    ]);
  });

  it("shows reps who see only their own customers their own in a segment, and not the tenant's figures", async () => {
    const settings = await call("GET", "/v1/tenant/settings", { token: tenant.admin.token });
    await call("PATCH", "/v1/tenant/settings", {
      token: tenant.admin.token,
      headers: ifMatch(settings.body.version),
      body: { repVisibility: "own" },
    });
    const summary = await call("GET", "/v1/analytics/summary", { token: tenant.admin.token });
    for (const segment of summary.body.summary.segments.filter(
      (s: { customers: number }) => s.customers > 0,
    )) {
      const seen = await call("GET", `/v1/customers?segment=${segment.key}&limit=100`, { token: rep.token });
      expect(seen.body.items.every((c: Customer) => c.ownerId === rep.id)).toBe(true);
    }
    const high = await call("GET", "/v1/customers?churnRisk=high&limit=100", { token: rep.token });
    expect(
      high.body.items.every((c: Customer) => c.ownerId === rep.id && c.score?.churnRisk === "high"),
    ).toBe(true);
    expect((await call("GET", "/v1/analytics/summary", { token: rep.token })).status).toBe(403);
    expect((await call("POST", "/v1/scoring/runs", { token: rep.token })).status).toBe(403);
    expect((await call("POST", "/v1/scoring/runs", { token: manager.token })).status).toBe(403);
    expect((await call("GET", "/v1/scoring/runs", { token: rep.token })).status).toBe(403);
  });

  it("keeps a stage set by hand, and hands it back when unpinned", async () => {
    const id = buyers[10]?.id as string;
    const before = await call("GET", `/v1/customers/${id}`, { token: tenant.admin.token });
    const chosen = before.body.lifecycleStage === "mature" ? "growing" : "mature";
    const pinned = await call("PATCH", `/v1/customers/${id}`, {
      token: tenant.admin.token,
      headers: ifMatch(before.body.version),
      body: { lifecycleStage: chosen },
    });
    expect(pinned.body).toMatchObject({ lifecycleStage: chosen, lifecycleStagePinned: true });
    const run = await call("POST", "/v1/scoring/runs", { token: tenant.admin.token });
    await finished(tenant.admin.token, run.body.id);
    const kept = await call("GET", `/v1/customers/${id}`, { token: tenant.admin.token });
    expect(kept.body.lifecycleStage).toBe(chosen);
    const unpinned = await call("PATCH", `/v1/customers/${id}`, {
      token: tenant.admin.token,
      headers: ifMatch(kept.body.version),
      body: { lifecycleStagePinned: false },
    });
    expect(unpinned.body.lifecycleStagePinned).toBe(false);
    const next = await call("POST", "/v1/scoring/runs", { token: tenant.admin.token });
    await finished(tenant.admin.token, next.body.id);
    const handed = await call("GET", `/v1/customers/${id}`, { token: tenant.admin.token });
    expect(handed.body.lifecycleStage).toBe(handed.body.score.stage);
  });

  it("continues a run that stopped midway from its checkpoint, writing each customer once", async () => {
    const other = await signUpTenant("resume", { locale: "zh-CN", timeZone: "Asia/Shanghai" });
    const data = await tenantData(other.tenantId);
    await seedBuyers(data, { count: 30, owners: [{ id: other.admin.id, name: "Admin" }], label: "Resume" });
    const store = createStore(crm().config);
    const queued: JobMessage[] = [];
    // A worker that runs out of time after every page: each page hands the run to a continuation.
    const shortLived: JobContext = {
      enqueue: async (messages) => void queued.push(...messages),
      timeLeft: () => 0,
    };
    // A run whose queue message this test holds, worked in pages of 10 by a worker that stops after one.
    const { run } = await startScoring(
      data,
      { trigger: "manual", date: "2026-12-01" },
      new Date(),
      async () => {},
    );
    const first = await runScoring(data, run.id, shortLived, new Date(), 10);
    expect(first).toMatchObject({ status: "continues" });
    const midway = await call("GET", `/v1/scoring/runs/${run.id}`, { token: other.admin.token });
    expect(midway.body).toMatchObject({ status: "scoring", progress: { done: 10, total: 30 } });
    for (let step = 0; queued.length > 0 && step < 10; step++) {
      const message = queued.shift() as JobMessage;
      await runJob(store, message, new Date(), { ...shortLived, timeLeft: () => Number.POSITIVE_INFINITY });
    }
    const done = await call("GET", `/v1/scoring/runs/${run.id}`, { token: other.admin.token });
    expect(done.body).toMatchObject({ status: "done", progress: { done: 30, total: 30 }, resumed: 1 });
    expect(done.body).toMatchObject({ written: 30, unchanged: 0 });
    // The summary gathered before the stop and after it: every customer counted once.
    expect(done.body.summary.customers + done.body.summary.prospects).toBe(30);
    expect(
      done.body.summary.segments.reduce((sum: number, s: { customers: number }) => sum + s.customers, 0),
    ).toBe(done.body.summary.customers);
  });

  it("runs from the nightly job once per night and shows how customers moved between nights", async () => {
    const store = createStore(crm().config);
    await runJob(store, { job: "nightly", tenantId: tenant.tenantId, date: "2026-11-24" });
    await runJob(store, { job: "nightly", tenantId: tenant.tenantId, date: "2026-11-24" });
    // Customers who had stopped buy again before the later night: an hour ago (the API refuses
    // purchases in the future), and the later night is tomorrow.
    const later = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    for (const lapsed of [0, 7, 14, 21]) {
      await call("POST", `/v1/customers/${buyers[lapsed]?.id}/transactions`, {
        token: tenant.admin.token,
        body: purchase(80_000, new Date(Date.now() - 3_600_000).toISOString()),
      });
    }
    await runJob(store, { job: "nightly", tenantId: tenant.tenantId, date: later });
    const runs = await call("GET", "/v1/scoring/runs?limit=50", { token: tenant.admin.token });
    const nightly = runs.body.items.filter((run: { trigger: string }) => run.trigger === "nightly");
    expect(nightly.map((run: { date: string }) => run.date)).toEqual([later, "2026-11-24"]);
    const moved = await call("GET", `/v1/analytics/migration?from=2026-11-24&to=${later}`, {
      token: tenant.admin.token,
    });
    expect(moved.status).toBe(200);
    const total = moved.body.cells.reduce(
      (sum: number, cell: { customers: number }) => sum + cell.customers,
      0,
    );
    expect(total).toBe(130);
    // The lapsed buyers who came back moved out of their old segments.
    expect(moved.body.cells.some((cell: { from: string; to: string }) => cell.from !== cell.to)).toBe(true);
    const back = await call("GET", `/v1/customers/${buyers[7]?.id}`, { token: tenant.admin.token });
    expect(back.body.score.rfm.r).toBe(5);
    const latest = await call("GET", "/v1/analytics/migration", { token: tenant.admin.token });
    expect(latest.body).toMatchObject({ from: "2026-11-24", to: later });
    const bad = await call("GET", `/v1/analytics/migration?from=${later}&to=2026-11-24`, {
      token: tenant.admin.token,
    });
    expect(bad.status).toBe(400);
  });

  it("runs the night's scoring through the local queue the local scheduler feeds", async () => {
    const queue = new LocalJobQueue(createStore(crm().config));
    // What the local scheduler queues at 03:00 Shanghai time for this tenant.
    await queue.enqueue([{ job: "nightly", tenantId: tenant.tenantId, date: "2026-11-30" }]);
    // The nightly job queues the scoring run behind itself on the same queue.
    await queue.idle();
    await queue.idle();
    const runs = await call("GET", "/v1/scoring/runs?limit=50", { token: tenant.admin.token });
    const night = runs.body.items.find((run: { date: string }) => run.date === "2026-11-30");
    expect(night).toMatchObject({ trigger: "nightly", status: "done", progress: { done: 131, total: 131 } });
  });

  it("refuses scoring settings that leave RFM cells without a segment, naming them", async () => {
    const settings = await call("GET", "/v1/tenant/settings", { token: tenant.admin.token });
    const answer = await call("PATCH", "/v1/tenant/settings", {
      token: tenant.admin.token,
      headers: ifMatch(settings.body.version),
      body: {
        scoring: {
          ...settings.body.scoring,
          segments: settings.body.scoring.segments.filter(
            (rule: { key: string }) => rule.key !== "champions",
          ),
        },
      },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0]).toMatchObject({
      path: "scoring.segments",
      message: expect.stringContaining("541"),
    });
  });

  it("keeps each score in its own item: a night that changes only a score leaves the profile as it was", async () => {
    const token = tenant.admin.token;
    const doc = createDocumentClient(createDynamoClient(dynamoConnection(crm().config)));
    const table = crm().config.tableName;
    const read = async (key: { pk: string; sk: string }) =>
      (await doc.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;
    const settled = await call("POST", "/v1/scoring/runs", { token });
    await finished(token, settled.body.id);
    const buyer = buyers[3] as Customer;
    const profileKey = keys.customer(tenant.tenantId, buyer.id);
    const scoreKey = keys.customerSegment(tenant.tenantId, buyer.id);
    const profile = await read(profileKey);
    const shown = (await call("GET", `/v1/customers/${buyer.id}`, { token })).body;
    expect(profile?.score).toBeUndefined();
    expect((await read(scoreKey))?.score).toEqual(shown.score);
    // A score that differs from tonight's (as new data would make it): the run writes the score item alone.
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: scoreKey,
        UpdateExpression: "SET score.predictedValue = :other",
        ExpressionAttributeValues: { ":other": shown.score.predictedValue + 1_000_000 },
      }),
    );
    const run = await call("POST", "/v1/scoring/runs", { token });
    expect(await finished(token, run.body.id)).toMatchObject({ status: "done", written: 1 });
    expect(await read(profileKey)).toEqual(profile);
    expect((await read(scoreKey))?.score).toEqual({ ...shown.score, runId: expect.any(String) });
    // A new owner gets the score's list places with the customer.
    const owner = buyer.ownerId === rep.id ? tenant.admin.id : rep.id;
    const moved = await call("PATCH", `/v1/customers/${buyer.id}`, {
      token,
      headers: ifMatch(shown.version),
      body: { ownerId: owner },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.score).toEqual((await read(scoreKey))?.score);
    expect((await read(scoreKey))?.gsi2pk).toBe(
      collections.ownerListing(tenant.tenantId, owner, "SEGMENT", shown.score.segment),
    );
  });
});

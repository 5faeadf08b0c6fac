import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { collections, createDocumentClient, createDynamoClient, keys } from "@crm/data";
import { CHURN_RISKS, type Customer, LIFECYCLE_STAGES } from "@crm/domain";
import { cursorBinding, openWith } from "@crm/functions/api/cursors";
import { dynamoConnection } from "@crm/functions/config";
import { DeploymentKeys, secretFromFile } from "@crm/functions/deployment-keys";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type Answer,
  addMember,
  call,
  crm,
  ifMatch,
  type Member,
  signUpTenant,
  type TestTenant,
} from "../support/api.js";
import { until } from "../support/imports.js";
import { seedBuyers, tenantData } from "../support/scoring.js";

/**
 * A rep who may see only their own customers learns nothing of the other
 * reps' customers from any list, page, cursor or refusal. Rep One walks every
 * list page by page; Rep Two's customers are all named "Hidden", and their
 * ids, names and emails must appear in no body, header or cursor Rep One gets.
 */
describe("a rep who sees only their own customers", () => {
  let tenant: TestTenant;
  let one: Member;
  let two: Member;
  let manager: Member;
  let mine: Customer[];
  let hidden: Customer[];
  let cursorKey: Buffer;
  const secrets = () => ["hidden", ...hidden.flatMap((customer) => [customer.id, ...customer.emails])];

  const create = async (owner: Member, name: string, extra: Record<string, unknown> = {}) => {
    const answer = await call("POST", "/v1/customers", {
      token: tenant.admin.token,
      body: { kind: "person", name, ownerId: owner.id, tags: ["vip"], ...extra },
    });
    expect(answer.status).toBe(201);
    return answer.body as Customer;
  };

  beforeAll(async () => {
    tenant = await signUpTenant("visibility", { locale: "zh-CN", timeZone: "Asia/Shanghai" });
    [one, two, manager] = [
      await addMember(tenant.admin.token, "rep", "rep-one"),
      await addMember(tenant.admin.token, "rep", "rep-two"),
      await addMember(tenant.admin.token, "manager"),
    ];
    const settings = await call("GET", "/v1/tenant/settings", { token: tenant.admin.token });
    await call("PATCH", "/v1/tenant/settings", {
      token: tenant.admin.token,
      headers: ifMatch(settings.body.version),
      body: { repVisibility: "own" },
    });
    // Buyers of both, for scores (segments and churn bands); then named customers with a tag, to search.
    const data = await tenantData(tenant.tenantId);
    mine = await seedBuyers(data, { count: 15, owners: [{ id: one.id, name: "One" }], label: "Amy Mine" });
    hidden = await seedBuyers(data, {
      count: 15,
      owners: [{ id: two.id, name: "Two" }],
      label: "Amy Hidden",
    });
    for (let i = 1; i <= 5; i++)
      mine.push(await create(one, `张伟 Mine ${i}`, { emails: [`mine-${i}@one.test`] }));
    for (let i = 1; i <= 7; i++) {
      hidden.push(
        await create(two, `张伟 Hidden ${i}`, {
          emails: [`hidden-${i}@two.test`],
          phones: [`+86138000000${String(i).padStart(2, "0")}`],
        }),
      );
    }
    const run = await call("POST", "/v1/scoring/runs", { token: tenant.admin.token });
    await until(
      async () => (await call("GET", `/v1/scoring/runs/${run.body.id}`, { token: tenant.admin.token })).body,
      (body) => body.status === "done" || body.status === "failed",
      120_000,
    );
    const keysOfDeployment = new DeploymentKeys(async () =>
      secretFromFile(crm().config.deploymentSecretFile as string),
    );
    cursorKey = await keysOfDeployment.key("cursor");
  }, 300_000);

  /** What the rep can read of a cursor (its bytes), and what is sealed inside it (the data layer's key). */
  function readCursor(cursor: string, path: string, who: Member) {
    const url = new URL(path, crm().url);
    const outside = Buffer.from(cursor.replace(/^c1\./, ""), "base64url").toString("latin1");
    const inner = openWith(
      cursorKey,
      cursorBinding({ tenantId: tenant.tenantId, userId: who.id, role: "rep" }, "GET", url),
      cursor,
    );
    expect(inner, `a cursor of ${path} opens for who asked`).toBeDefined();
    return { outside, inside: Buffer.from(inner as string, "base64url").toString("utf8") };
  }

  function expectNothingHidden(answer: Answer, what: string) {
    const seen = [JSON.stringify(answer.body), JSON.stringify([...answer.headers.entries()])]
      .join("\n")
      .toLowerCase();
    for (const secret of secrets())
      expect(seen, `${what} names ${secret}`).not.toContain(secret.toLowerCase());
  }

  /** Every page of a list, two at a time, checking each answer and each cursor. */
  async function walk(who: Member, path: string, options: { readInside?: boolean } = {}) {
    const items: Customer[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 200; page++) {
      const pagePath = `${path}${path.includes("?") ? "&" : "?"}limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const answer = await call("GET", pagePath, { token: who.token });
      expect(answer.status, pagePath).toBe(200);
      // Only Rep One is held to seeing nothing hidden; the others walk lists to compare.
      if (who === one) expectNothingHidden(answer, pagePath);
      items.push(...answer.body.items);
      cursor = answer.body.nextCursor;
      if (!cursor) return items;
      if (who !== one) continue;
      const { outside, inside } = readCursor(cursor, `${path}${path.includes("?") ? "&" : "?"}limit=2`, who);
      for (const secret of secrets()) {
        expect(outside.toLowerCase(), `the cursor of ${path}`).not.toContain(secret.toLowerCase());
        if (options.readInside !== false) {
          expect(inside.toLowerCase(), `inside the cursor of ${path}`).not.toContain(secret.toLowerCase());
        }
      }
    }
    throw new Error(`${path} did not end`);
  }

  const ids = (customers: Customer[]) => customers.map((customer) => customer.id).sort();

  it("pages every list to its end holding only their own customers, cursors included", async () => {
    const summary = await call("GET", "/v1/analytics/summary", { token: tenant.admin.token });
    const segments: string[] = summary.body.segments.map((segment: { key: string }) => segment.key);
    const lists = [
      "/v1/customers",
      "/v1/customers?owner=me",
      `/v1/customers?owner=${two.id}`,
      "/v1/customers?tag=vip",
      "/v1/customers?q=amy",
      "/v1/customers?q=a",
      "/v1/customers?q=zhang",
      "/v1/customers?q=zw",
      "/v1/customers?q=hidden",
      "/v1/customers?tag=vip&q=%E5%BC%A0",
      ...LIFECYCLE_STAGES.map((stage) => `/v1/customers?stage=${stage}`),
      ...segments.map((segment) => `/v1/customers?segment=${segment}`),
      ...CHURN_RISKS.map((band) => `/v1/customers?churnRisk=${band}`),
    ];
    for (const path of lists) {
      const seen = await walk(one, path);
      expect(
        seen.every((customer) => customer.ownerId === one.id),
        path,
      ).toBe(true);
      // Complete: what the manager sees of that list, narrowed to Rep One's.
      if (!path.includes("owner=")) {
        const all = await walk(manager, path, { readInside: false });
        expect(ids(seen), path).toEqual(ids(all.filter((customer) => customer.ownerId === one.id)));
      }
    }
    expect(ids(await walk(one, "/v1/customers"))).toEqual(ids(mine));
    expect(ids(await walk(one, "/v1/customers?q=amy"))).toEqual(
      ids(mine.filter((c) => c.name.startsWith("Amy"))),
    );
    expect(ids(await walk(one, "/v1/customers?q=zhangwei"))).toEqual(
      ids(mine.filter((c) => c.name.startsWith("张伟"))),
    );
    expect(await walk(one, "/v1/customers?q=hidden")).toEqual([]);
  });

  it("cannot use a cursor as anyone else, on another list, changed, or in another tenant", async () => {
    const first = await call("GET", "/v1/customers?tag=vip&limit=1", { token: one.token });
    const cursor = first.body.nextCursor as string;
    expect(cursor).toMatch(/^c1\./);
    const other = await signUpTenant("visibility-other");
    const misuses: Array<[string, string]> = [
      [two.token, `/v1/customers?tag=vip&limit=1&cursor=${cursor}`],
      [manager.token, `/v1/customers?tag=vip&limit=1&cursor=${cursor}`],
      [tenant.admin.token, `/v1/customers?tag=vip&limit=1&cursor=${cursor}`],
      [one.token, `/v1/customers?tag=gold&limit=1&cursor=${cursor}`],
      [one.token, `/v1/customers?limit=1&cursor=${cursor}`],
      [one.token, `/v1/customers?tag=vip&limit=1&cursor=${cursor.slice(0, -2)}AA`],
      [other.admin.token, `/v1/customers?tag=vip&limit=1&cursor=${cursor}`],
    ];
    for (const [token, path] of misuses) {
      const answer = await call("GET", path, { token });
      expect(answer.status, path).toBe(400);
      expect(answer.body.errors).toEqual([expect.objectContaining({ path: "cursor" })]);
    }
    // Asked again by its owner, with another page size: the next page.
    const next = await call("GET", `/v1/customers?tag=vip&limit=3&cursor=${cursor}`, { token: one.token });
    expect(next.status).toBe(200);
    expect(next.body.items[0]?.id).not.toBe(first.body.items[0]?.id);
  });

  it("is told a taken email or phone without the name of who holds it", async () => {
    const holder = hidden.find((customer) => customer.emails.length > 0) as Customer;
    const byRep = await call("POST", "/v1/customers", {
      token: one.token,
      body: { kind: "person", name: "Copy", emails: holder.emails },
    });
    expect(byRep.status).toBe(409);
    expect(byRep.body.existingId).toBeUndefined();
    expectNothingHidden(byRep, "a 409 to the rep");
    const byAdmin = await call("POST", "/v1/customers", {
      token: tenant.admin.token,
      body: { kind: "person", name: "Copy", emails: holder.emails },
    });
    expect(byAdmin.status).toBe(409);
    expect(byAdmin.body.existingId).toBe(holder.id);

    const own = mine.find((customer) => customer.emails.length > 0) as Customer;
    const current = await call("GET", `/v1/customers/${own.id}`, { token: one.token });
    const edit = await call("PATCH", `/v1/customers/${own.id}`, {
      token: one.token,
      headers: ifMatch(current.body.version),
      body: { phones: holder.phones },
    });
    expect(edit.status).toBe(409);
    expect(edit.body.existingId).toBeUndefined();
    expectNothingHidden(edit, "a 409 on an edit");

    const purchase = { occurredAt: "2026-11-01T10:00:00Z", amount: 1000, currency: "CNY", kind: "purchase" };
    const recorded = await call("POST", `/v1/customers/${holder.id}/transactions`, {
      token: tenant.admin.token,
      body: { ...purchase, externalRef: "PO-HIDDEN-1" },
    });
    expect(recorded.status).toBe(201);
    const again = await call("POST", `/v1/customers/${own.id}/transactions`, {
      token: one.token,
      body: { ...purchase, externalRef: "PO-HIDDEN-1" },
    });
    expect(again.status).toBe(409);
    expect(again.body.existingId).toBeUndefined();
    expectNothingHidden(again, "a 409 for an external reference");
  });

  it("does not see a reassigned customer in any list of theirs, nor a pointer left behind", async () => {
    const given = mine.find((customer) => customer.name === "张伟 Mine 5") as Customer;
    const before = await call("GET", `/v1/customers/${given.id}`, { token: tenant.admin.token });
    const moved = await call("PATCH", `/v1/customers/${given.id}`, {
      token: tenant.admin.token,
      headers: ifMatch(before.body.version),
      body: { ownerId: two.id },
    });
    expect(moved.status).toBe(200);
    hidden.push({ ...given, name: "hidden now" });
    mine = mine.filter((customer) => customer.id !== given.id);
    for (const path of ["/v1/customers?tag=vip", "/v1/customers?q=zhang", "/v1/customers?stage=prospect"]) {
      expect((await walk(one, path)).map((customer) => customer.id)).not.toContain(given.id);
      expect((await walk(two, path, { readInside: false })).map((customer) => customer.id)).toContain(
        given.id,
      );
    }
    // A pointer in Rep One's own list that names Rep Two's customer, as a race could leave one.
    const doc = createDocumentClient(createDynamoClient(dynamoConnection(crm().config)));
    const target = hidden[0] as Customer;
    await doc.send(
      new PutCommand({
        TableName: crm().config.tableName,
        Item: {
          ...keys.customerTag(tenant.tenantId, target.id, "left-behind"),
          customerId: target.id,
          ownerId: one.id,
          gsi2pk: collections.ownerListing(tenant.tenantId, one.id, "TAG", "vip"),
          gsi2sk: `0#${target.id}`,
        },
      }),
    );
    const listed = await walk(one, "/v1/customers?tag=vip", { readInside: false });
    expect(listed.map((customer) => customer.id)).not.toContain(target.id);
    expect(ids(listed)).toEqual(ids(mine.filter((customer) => customer.tags.includes("vip"))));
  });

  it("gets no stale copy of a customer given away when they retry its creation", async () => {
    const key = { "idempotency-key": `create-${crypto.randomUUID()}` };
    const body = { kind: "person", name: "Retried Mine" };
    const created = await call("POST", "/v1/customers", { token: one.token, headers: key, body });
    expect(created.status).toBe(201);
    const again = await call("POST", "/v1/customers", { token: one.token, headers: key, body });
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const moved = await call("PATCH", `/v1/customers/${created.body.id}`, {
      token: tenant.admin.token,
      headers: ifMatch(created.body.version),
      body: { ownerId: two.id },
    });
    expect(moved.status).toBe(200);
    const replay = await call("POST", "/v1/customers", { token: one.token, headers: key, body });
    expect(replay.status).toBe(404);
    expect(JSON.stringify(replay.body)).not.toContain(created.body.id);
  });

  it("gets 410 for their merged customer without the hidden survivor, and 404 for a hidden one", async () => {
    const survivor = hidden.find((customer) => customer.name === "张伟 Hidden 6") as Customer;
    const hiddenDuplicate = hidden.find((customer) => customer.name === "张伟 Hidden 7") as Customer;
    const ownDuplicate = mine.find((customer) => customer.name === "张伟 Mine 4") as Customer;
    for (const duplicate of [hiddenDuplicate, ownDuplicate]) {
      const merged = await call("POST", `/v1/customers/${survivor.id}/merge`, {
        token: tenant.admin.token,
        body: { duplicateId: duplicate.id },
      });
      expect(merged.status).toBe(200);
    }
    const hiddenOne = await call("GET", `/v1/customers/${hiddenDuplicate.id}`, { token: one.token });
    expect(hiddenOne.status).toBe(404);
    const own = await call("GET", `/v1/customers/${ownDuplicate.id}`, { token: one.token });
    expect(own.status).toBe(410);
    expect(own.body.mergedInto).toBeUndefined();
    expectNothingHidden(own, "a 410 to the rep");
    const toManager = await call("GET", `/v1/customers/${ownDuplicate.id}`, { token: manager.token });
    expect(toManager.status).toBe(410);
    expect(toManager.body.mergedInto).toBe(survivor.id);
    // Its history and purchases say the same.
    for (const path of ["history", "transactions", "contacts"]) {
      const answer = await call("GET", `/v1/customers/${ownDuplicate.id}/${path}`, { token: one.token });
      expect(answer.status, path).toBe(410);
      expectNothingHidden(answer, path);
    }
  });
});

import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { collections, createDocumentClient, createDynamoClient, keys, type TenantData } from "@crm/data";
import { type Customer, searchForm } from "@crm/domain";
import { dynamoConnection } from "@crm/functions/config";
import { upgradeTenantData } from "@crm/functions/jobs/data-upgrades";
import { describe, expect, it } from "vitest";
import { addMember, call, crm, ifMatch, signUpTenant } from "../support/api.js";
import { until } from "../support/imports.js";
import { seedBuyers, tenantData } from "../support/scoring.js";

const doc = () => createDocumentClient(createDynamoClient(dynamoConnection(crm().config)));

/** Takes a customer's listing items back to how versions before owner-scoped lists wrote them. */
async function asWrittenBefore(tenantId: string, customerId: string) {
  const { config } = crm();
  const { Items = [] } = await doc().send(
    new QueryCommand({
      TableName: config.tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": collections.customer(tenantId, customerId) },
    }),
  );
  for (const item of Items) {
    if (item.sk === "STAGE") {
      await doc().send(new DeleteCommand({ TableName: config.tableName, Key: { pk: item.pk, sk: item.sk } }));
    } else if (/^(TAG|NAME|SCORE)#/.test(String(item.sk))) {
      await doc().send(
        new UpdateCommand({
          TableName: config.tableName,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: "REMOVE gsi2pk, gsi2sk",
        }),
      );
    }
  }
}

/**
 * The tenant's data as an upgrade sees it when the database goes away in the
 * middle of the job: the `step`-th page read, or the `save`-th progress write, throws.
 */
function cutDatabase(data: TenantData, at: { step?: number; save?: number }): TenantData {
  const calls = { step: 0, save: 0 };
  const failing = <T extends object>(target: T, kind: "step" | "save", names: (name: string) => boolean) =>
    new Proxy(target, {
      get(object, name) {
        const value = Reflect.get(object, name);
        if (typeof value !== "function") return value;
        if (typeof name !== "string" || !names(name)) return value.bind(object);
        return async (...args: unknown[]) => {
          calls[kind] += 1;
          if (calls[kind] === at[kind]) throw new Error("read ECONNRESET: the database went away");
          return value.apply(object, args);
        };
      },
    });
  return {
    customers: failing(data.customers, "step", (name) => name.startsWith("rewrite")),
    upgrades: failing(data.upgrades, "save", (name) => name === "save"),
  } as unknown as TenantData;
}

describe("upgrading a tenant's stored items", () => {
  it("puts customers written before owner-scoped lists into their owner's lists, in resumable steps", async () => {
    const tenant = await signUpTenant("upgrade");
    const rep = await addMember(tenant.admin.token, "rep");
    const settings = await call("GET", "/v1/tenant/settings", { token: tenant.admin.token });
    await call("PATCH", "/v1/tenant/settings", {
      token: tenant.admin.token,
      headers: ifMatch(settings.body.version),
      body: { repVisibility: "own" },
    });
    const ids: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const created = await call("POST", "/v1/customers", {
        token: tenant.admin.token,
        body: { kind: "person", name: `Old ${i}`, ownerId: rep.id, tags: ["vip"] },
      });
      ids.push(created.body.id);
      await asWrittenBefore(tenant.tenantId, created.body.id);
    }
    const listed = async (path: string) =>
      ((await call("GET", `${path}&limit=100`, { token: rep.token })).body.items as Array<{ id: string }>)
        .map((customer) => customer.id)
        .sort();
    // Before: the rep's own lists miss them (their profiles, by activity, are there).
    expect(await listed("/v1/customers?tag=vip")).toEqual([]);
    expect(await listed("/v1/customers?q=old")).toEqual([]);
    expect(await listed("/v1/customers?stage=prospect")).toEqual([]);

    const data = await tenantData(tenant.tenantId);
    const now = new Date("2026-12-01T03:00:00Z");
    // Cut after one step of two customers, as a night whose budget ran out (or a job that died) would be.
    expect(await upgradeTenantData(data, now, { pages: 1, pageSize: 2 })).toEqual({
      done: false,
      upgraded: 2,
    });
    expect(await data.upgrades.state("owner-listings-1")).toMatchObject({ done: false, upgraded: 2 });
    // The three left, then the later upgrade (search listings) over all five.
    expect(await upgradeTenantData(data, now, { pages: 10, pageSize: 2 })).toEqual({
      done: true,
      upgraded: 3 + 5,
    });
    for (const path of ["/v1/customers?tag=vip", "/v1/customers?q=old", "/v1/customers?stage=prospect"]) {
      expect(await listed(path), path).toEqual([...ids].sort());
    }
    // Done once: later nights read one item and write nothing.
    expect(await upgradeTenantData(data, now)).toEqual({ done: true, upgraded: 0 });
    expect(await data.upgrades.state("owner-listings-1")).toMatchObject({ done: true, upgraded: 5 });
  });

  /**
   * Takes a customer's items back to how versions before pinyin order and
   * search by phone and email wrote them: sort keys of the search form (code
   * point order), and no phone, email or contact search items.
   */
  async function asWrittenBeforeSearch(tenantId: string, customerId: string, name: string) {
    const { config } = crm();
    const { Items = [] } = await doc().send(
      new QueryCommand({
        TableName: config.tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": collections.customer(tenantId, customerId) },
      }),
    );
    const byName = `${searchForm(name)}#${customerId}`;
    for (const item of Items) {
      const key = { pk: item.pk, sk: item.sk };
      const sk = String(item.sk);
      if (/^(PHONE|EMAIL|CONTACTKEY)#/.test(sk)) {
        await doc().send(new DeleteCommand({ TableName: config.tableName, Key: key }));
      } else if (sk === "PROFILE") {
        await doc().send(
          new UpdateCommand({
            TableName: config.tableName,
            Key: key,
            UpdateExpression: "SET gsi1sk = :n, gsi3sk = :n",
            ExpressionAttributeValues: { ":n": byName },
          }),
        );
      } else if (/^(TAG#|NAME#|STAGE$)/.test(sk)) {
        const old = sk.startsWith("NAME#") ? `${sk.slice("NAME#".length)}#${customerId}` : byName;
        await doc().send(
          new UpdateCommand({
            TableName: config.tableName,
            Key: key,
            UpdateExpression: item.gsi1pk ? "SET gsi1sk = :o, gsi2sk = :o" : "SET gsi2sk = :o",
            ExpressionAttributeValues: { ":o": old },
          }),
        );
      }
    }
  }

  it("sorts customers written before in pinyin order and finds them by phone, email and contact, in resumable steps", async () => {
    const tenant = await signUpTenant("upgrade-search", { locale: "zh-CN" });
    const token = tenant.admin.token;
    const made: Array<{ id: string; name: string }> = [];
    for (const body of [
      { kind: "person", name: "张八", phones: ["138 0000 0001"], emails: ["ba@old.test"], tags: ["vip"] },
      { kind: "person", name: "张安", tags: ["vip"] },
      { kind: "person", name: "Anna", tags: ["vip"] },
      { kind: "company", name: "星河", tags: ["vip"] },
    ]) {
      made.push((await call("POST", "/v1/customers", { token, body })).body);
    }
    const galaxy = made[3] as { id: string };
    await call("POST", `/v1/customers/${galaxy.id}/contacts`, {
      token,
      body: { name: "李四", phones: ["137 0000 0009"] },
    });
    for (const customer of made) await asWrittenBeforeSearch(tenant.tenantId, customer.id, customer.name);
    const data = await tenantData(tenant.tenantId);
    const now = new Date("2026-12-01T03:00:00Z");
    // Only this upgrade is left to do (the owner-scoped lists are what these items had already).
    await data.upgrades.save("owner-listings-1", { done: true, upgraded: 0 }, now.toISOString());

    const names = async (path: string) =>
      ((await call("GET", path, { token })).body.items as Array<{ name: string }>).map((c) => c.name);
    const lists = ["/v1/customers", "/v1/customers?tag=vip", "/v1/customers?stage=prospect"];
    // Before: code-point order (张 U+5F20 before 星 U+661F; 八 U+516B before 安 U+5B89), found by name only.
    for (const path of lists) expect(await names(path), path).toEqual(["Anna", "张八", "张安", "星河"]);
    expect(await names("/v1/customers?q=13800000001")).toEqual([]);
    expect(await names("/v1/customers?q=ba%40old")).toEqual([]);
    expect(await names("/v1/customers?q=1370000")).toEqual([]);

    expect(await upgradeTenantData(data, now, { pages: 1, pageSize: 2 })).toEqual({
      done: false,
      upgraded: 2,
    });
    expect(await data.upgrades.state("search-listings-1")).toMatchObject({ done: false, upgraded: 2 });
    expect(await upgradeTenantData(data, now, { pages: 10, pageSize: 2 })).toEqual({
      done: true,
      upgraded: 2,
    });
    expect(await data.upgrades.state("search-listings-1")).toMatchObject({ done: true, upgraded: 4 });

    for (const path of lists) expect(await names(path), path).toEqual(["Anna", "星河", "张安", "张八"]);
    expect(await names("/v1/customers?q=13800000001")).toEqual(["张八"]);
    expect(await names("/v1/customers?q=ba%40old")).toEqual(["张八"]);
    expect(await names("/v1/customers?q=1370000")).toEqual(["星河"]);
    expect(await names(`/v1/customers?q=${encodeURIComponent("张")}`)).toEqual(["张安", "张八"]);
    // Done once: later nights write nothing.
    expect(await upgradeTenantData(data, now)).toEqual({ done: true, upgraded: 0 });
  });

  it("puts customers deleted before owner-scoped Deleted lists into their owner's, in resumable steps", async () => {
    const tenant = await signUpTenant("upgrade-deleted");
    const [one, two] = [
      await addMember(tenant.admin.token, "rep", "one"),
      await addMember(tenant.admin.token, "rep", "two"),
    ];
    const remove = async (ownerId: string, name: string) => {
      const created = await call("POST", "/v1/customers", {
        token: tenant.admin.token,
        body: { kind: "person", name, ownerId },
      });
      expect(
        (await call("DELETE", `/v1/customers/${created.body.id}`, { token: tenant.admin.token })).status,
      ).toBe(204);
      return created.body.id as string;
    };
    // Deleted the way this version deletes: already in Rep One's Deleted list.
    const deletedNow = await remove(one.id, "Deleted now");
    // Deleted before: the profile had no gsi2 keys once deleted.
    const before: string[] = [];
    for (const [owner, name] of [
      [one.id, "Old 1"],
      [one.id, "Old 2"],
      [two.id, "Old 3"],
      [one.id, "Old 4"],
      [one.id, "Old 5"],
    ] as const) {
      const id = await remove(owner, name);
      before.push(id);
      await doc().send(
        new UpdateCommand({
          TableName: crm().config.tableName,
          Key: keys.customer(tenant.tenantId, id),
          UpdateExpression: "REMOVE gsi2pk, gsi2sk",
        }),
      );
    }
    const deleted = async (token: string) =>
      (
        (await call("GET", "/v1/customers?deleted=true&limit=100", { token })).body.items as Array<{
          id: string;
        }>
      ).map((customer) => customer.id);
    // Before: each rep's Deleted list misses them; the tenant-wide one (an admin's) has them all.
    expect(await deleted(one.token)).toEqual([deletedNow]);
    expect(await deleted(two.token)).toEqual([]);
    expect(await deleted(tenant.admin.token)).toEqual([...before].reverse().concat(deletedNow));

    const data = await tenantData(tenant.tenantId);
    const now = new Date("2026-12-01T03:00:00Z");
    // Only this upgrade is left to do.
    for (const name of ["owner-listings-1", "search-listings-1"])
      await data.upgrades.save(name, { done: true, upgraded: 0 }, now.toISOString());
    // Cut after one step of two customers (the two deleted last).
    expect(await upgradeTenantData(data, now, { pages: 1, pageSize: 2 })).toEqual({
      done: false,
      upgraded: 2,
    });
    expect(await data.upgrades.state("deleted-listings-1")).toMatchObject({ done: false, upgraded: 2 });
    expect(await deleted(one.token)).toEqual([before[4], before[3], deletedNow]);
    // Resumed: the three left; the one deleted the new way is not written again.
    expect(await upgradeTenantData(data, now, { pages: 10, pageSize: 2 })).toEqual({
      done: true,
      upgraded: 3,
    });
    expect(await data.upgrades.state("deleted-listings-1")).toMatchObject({ done: true, upgraded: 5 });

    // Each in their owner's Deleted list only, newest first, and restorable from there.
    const ofOne = [before[4], before[3], before[1], before[0], deletedNow];
    expect(await deleted(one.token)).toEqual(ofOne);
    expect(await deleted(two.token)).toEqual([before[2]]);
    expect((await call("POST", `/v1/customers/${before[0]}/restore`, { token: one.token })).status).toBe(200);
    expect(await deleted(one.token)).toEqual(ofOne.filter((id) => id !== before[0]));
    // Done once: later nights write nothing.
    expect(await upgradeTenantData(data, now)).toEqual({ done: true, upgraded: 0 });
  });

  it("resumes the search listings upgrade after the database is cut mid-job, losing no customer", async () => {
    const tenant = await signUpTenant("upgrade-search-cut", { locale: "zh-CN" });
    const token = tenant.admin.token;
    const made: Array<{ id: string; name: string }> = [];
    for (const [i, name] of ["张一", "张二", "张三", "张四"].entries()) {
      const body = { kind: "person", name, phones: [`139 0000 000${i}`] };
      made.push((await call("POST", "/v1/customers", { token, body })).body);
    }
    for (const customer of made) await asWrittenBeforeSearch(tenant.tenantId, customer.id, customer.name);
    const data = await tenantData(tenant.tenantId);
    const now = new Date("2026-12-01T03:00:00Z");
    await data.upgrades.save("owner-listings-1", { done: true, upgraded: 0 }, now.toISOString());
    const found = async (phone: string) =>
      ((await call("GET", `/v1/customers?q=${phone}`, { token })).body.items as Array<{ id: string }>).map(
        (customer) => customer.id,
      );
    expect(await found("13900000000")).toEqual([]);

    // The second page is written, then the database goes before its progress is saved.
    await expect(
      upgradeTenantData(cutDatabase(data, { save: 2 }), now, { pages: 10, pageSize: 1 }),
    ).rejects.toThrow(/database went away/);
    expect(await data.upgrades.state("search-listings-1")).toMatchObject({ done: false, upgraded: 1 });
    // The next night the database goes at the first page it reads: nothing moves.
    await expect(
      upgradeTenantData(cutDatabase(data, { step: 1 }), now, { pages: 10, pageSize: 1 }),
    ).rejects.toThrow(/database went away/);
    expect(await data.upgrades.state("search-listings-1")).toMatchObject({ done: false, upgraded: 1 });
    // Resumed from the last progress saved: the page written twice does no harm.
    expect(await upgradeTenantData(data, now, { pages: 10, pageSize: 1 })).toMatchObject({ done: true });
    expect(await data.upgrades.state("search-listings-1")).toMatchObject({ done: true });
    for (const [i, customer] of made.entries()) expect(await found(`1390000000${i}`)).toEqual([customer.id]);
    expect(await upgradeTenantData(data, now)).toEqual({ done: true, upgraded: 0 });
  });

  it("resumes the deleted listings upgrade after the database is cut mid-job, losing no customer", async () => {
    const tenant = await signUpTenant("upgrade-deleted-cut");
    const rep = await addMember(tenant.admin.token, "rep", "cut");
    const before: string[] = [];
    for (const name of ["Gone 1", "Gone 2", "Gone 3", "Gone 4"]) {
      const created = await call("POST", "/v1/customers", {
        token: tenant.admin.token,
        body: { kind: "person", name, ownerId: rep.id },
      });
      await call("DELETE", `/v1/customers/${created.body.id}`, { token: tenant.admin.token });
      before.push(created.body.id);
      await doc().send(
        new UpdateCommand({
          TableName: crm().config.tableName,
          Key: keys.customer(tenant.tenantId, created.body.id),
          UpdateExpression: "REMOVE gsi2pk, gsi2sk",
        }),
      );
    }
    const deleted = async () =>
      (
        (await call("GET", "/v1/customers?deleted=true&limit=100", { token: rep.token })).body
          .items as Array<{
          id: string;
        }>
      ).map((customer) => customer.id);
    expect(await deleted()).toEqual([]);
    const data = await tenantData(tenant.tenantId);
    const now = new Date("2026-12-01T03:00:00Z");
    for (const name of ["owner-listings-1", "search-listings-1"])
      await data.upgrades.save(name, { done: true, upgraded: 0 }, now.toISOString());

    // The database goes while the third page is read, after two were written and saved.
    await expect(
      upgradeTenantData(cutDatabase(data, { step: 3 }), now, { pages: 10, pageSize: 1 }),
    ).rejects.toThrow(/database went away/);
    expect(await data.upgrades.state("deleted-listings-1")).toMatchObject({ done: false, upgraded: 2 });
    expect(await deleted()).toEqual([before[3], before[2]]);
    // Then it goes after a page is written, before its progress is saved.
    await expect(
      upgradeTenantData(cutDatabase(data, { save: 1 }), now, { pages: 10, pageSize: 1 }),
    ).rejects.toThrow(/database went away/);
    expect(await upgradeTenantData(data, now, { pages: 10, pageSize: 1 })).toMatchObject({ done: true });
    expect(await data.upgrades.state("deleted-listings-1")).toMatchObject({ done: true });
    expect(await deleted()).toEqual([...before].reverse());
    expect(await upgradeTenantData(data, now)).toEqual({ done: true, upgraded: 0 });
  });

  /** Takes a scored customer back to how versions before score items wrote it: the score on the profile. */
  async function scoreAsWrittenBefore(tenantId: string, customerId: string) {
    const table = crm().config.tableName;
    const { Item } = await doc().send(
      new GetCommand({ TableName: table, Key: keys.customerSegment(tenantId, customerId) }),
    );
    await doc().send(
      new UpdateCommand({
        TableName: table,
        Key: keys.customer(tenantId, customerId),
        UpdateExpression: "SET score = :score",
        ExpressionAttributeValues: { ":score": Item?.score },
      }),
    );
    await doc().send(
      new UpdateCommand({
        TableName: table,
        Key: keys.customerSegment(tenantId, customerId),
        UpdateExpression: "REMOVE score",
      }),
    );
  }

  it("moves scores that profiles held into their score items, in resumable steps, losing none on the way", async () => {
    const tenant = await signUpTenant("upgrade-scores", { timeZone: "Asia/Shanghai" });
    const token = tenant.admin.token;
    const data = await tenantData(tenant.tenantId);
    const buyers = await seedBuyers(data, {
      count: 5,
      owners: [{ id: tenant.admin.id, name: "Admin" }],
      label: "Scored",
    });
    const run = await call("POST", "/v1/scoring/runs", { token });
    await until(
      async () => (await call("GET", `/v1/scoring/runs/${run.body.id}`, { token })).body,
      (state) => state.status === "done",
      120_000,
    );
    const shown = async (id: string) => (await call("GET", `/v1/customers/${id}`, { token })).body;
    const scores = new Map<string, unknown>();
    for (const buyer of buyers) {
      scores.set(buyer.id, (await shown(buyer.id)).score);
      await scoreAsWrittenBefore(tenant.tenantId, buyer.id);
    }
    const stored = async (id: string) => {
      const read = async (key: { pk: string; sk: string }) =>
        (
          await doc().send(
            new GetCommand({ TableName: crm().config.tableName, Key: key, ConsistentRead: true }),
          )
        ).Item;
      return {
        onProfile: (await read(keys.customer(tenant.tenantId, id)))?.score,
        inScoreItem: (await read(keys.customerSegment(tenant.tenantId, id)))?.score,
      };
    };
    const [first, edited] = buyers as [Customer, Customer];
    expect(await stored(first.id)).toEqual({ onProfile: scores.get(first.id), inScoreItem: undefined });
    // Before: the page and the segment list still show the profile's score, and an edit keeps it.
    expect((await shown(first.id)).score).toEqual(scores.get(first.id));
    const segment = (scores.get(first.id) as { segment: string }).segment;
    const inSegment = await call("GET", `/v1/customers?segment=${segment}&limit=100`, { token });
    expect(inSegment.body.items.map((c: Customer) => c.id)).toContain(first.id);
    const before = await shown(edited.id);
    const renamed = await call("PATCH", `/v1/customers/${edited.id}`, {
      token,
      headers: ifMatch(before.version),
      body: { name: "Scored renamed" },
    });
    expect(renamed.status).toBe(200);
    expect((await shown(edited.id)).score).toEqual(scores.get(edited.id));

    const now = new Date("2026-12-01T03:00:00Z");
    for (const name of ["owner-listings-1", "search-listings-1", "deleted-listings-1"])
      await data.upgrades.save(name, { done: true, upgraded: 0 }, now.toISOString());
    expect(await upgradeTenantData(data, now, { pages: 1, pageSize: 2 })).toEqual({
      done: false,
      upgraded: 2,
    });
    expect(await upgradeTenantData(data, now, { pages: 10, pageSize: 2 })).toEqual({
      done: true,
      upgraded: 3,
    });
    expect(await data.upgrades.state("score-items-1")).toMatchObject({ done: true, upgraded: 5 });
    for (const buyer of buyers) {
      expect(await stored(buyer.id)).toEqual({ onProfile: undefined, inScoreItem: scores.get(buyer.id) });
      expect((await shown(buyer.id)).score).toEqual(scores.get(buyer.id));
    }
    // Done once: later nights write nothing.
    expect(await upgradeTenantData(data, now)).toEqual({ done: true, upgraded: 0 });
  });
});

import { describe, expect, it } from "vitest";
import { addMember, call, ifMatch, type Member, signUpTenant } from "../support/api.js";

type Listed = {
  id: string;
  name: string;
  ownerId: string;
  match?: { field: string; value: string; contact?: { id: string; name: string } };
};

/** One page of the search box's answer. */
const search = async (token: string, q: string, extra = "") =>
  (await call("GET", `/v1/customers?q=${encodeURIComponent(q)}${extra}`, { token })).body as {
    items: Listed[];
    nextCursor?: string;
  };
const names = async (token: string, q: string) => (await search(token, q)).items.map((item) => item.name);

/** Every page of a list, `limit` at a time; no page but the last is short (nothing was read and dropped). */
async function walk(token: string, path: string, limit: number): Promise<Listed[]> {
  const items: Listed[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const answer = await call(
      "GET",
      `${path}${path.includes("?") ? "&" : "?"}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      { token },
    );
    expect(answer.status, path).toBe(200);
    items.push(...answer.body.items);
    cursor = answer.body.nextCursor;
    if (!cursor) return items;
    expect(answer.body.items.length, `a page of ${path} before its end`).toBe(limit);
  }
  throw new Error(`${path} did not end`);
}

const create = async (token: string, body: Record<string, unknown>) => {
  const answer = await call("POST", "/v1/customers", { token, body: { kind: "person", ...body } });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body as Listed & { version: number };
};

describe("the search box", () => {
  it("finds a customer by phone in any format, national or E.164, and by a prefix of the national number", async () => {
    const { admin } = await signUpTenant("search-phone", { locale: "zh-CN" });
    const zhang = await create(admin.token, { name: "张伟", phones: ["138 1234 5678"] });
    await create(admin.token, { name: "Li Na", phones: ["+86 139 0000 1111"] });
    await create(admin.token, { name: "Far Away", phones: ["+1 415 555 0100"] });
    for (const q of [
      "138 1234 5678",
      "13812345678",
      "+86 138-1234-5678",
      "+8613812345678",
      "0086 138 1234 5678",
      "(138) 1234-5678",
      "１３８１２３４５６７８",
      "1381234",
    ]) {
      const found = await search(admin.token, q);
      expect(
        found.items.map((item) => [item.id, item.match]),
        q,
      ).toEqual([[zhang.id, { field: "phones", value: "+8613812345678" }]]);
    }
    // A short prefix finds every number it begins, in the order of the numbers.
    expect(await names(admin.token, "13")).toEqual(["张伟", "Li Na"]);
    // Another country's number by its country code, or by its national number.
    expect(await names(admin.token, "+1 415 555")).toEqual(["Far Away"]);
    expect(await names(admin.token, "415-555-0100")).toEqual(["Far Away"]);
    expect(await names(admin.token, "137")).toEqual([]);
    // Only a country code names no number yet.
    expect(await names(admin.token, "+86")).toEqual([]);
    // A changed phone is found by the new number only.
    await call("PATCH", `/v1/customers/${zhang.id}`, {
      token: admin.token,
      headers: ifMatch(zhang.version),
      body: { phones: ["138 8888 0000"] },
    });
    expect(await names(admin.token, "13812345678")).toEqual([]);
    expect(await names(admin.token, "138 8888")).toEqual(["张伟"]);
  });

  it("finds a customer by email, whole or a prefix, whatever the case; by name, it shows no match", async () => {
    const { admin } = await signUpTenant("search-email", { locale: "zh-CN" });
    const zhang = await create(admin.token, { name: "张伟", emails: ["Zhang.Wei@Example.com"] });
    for (const q of [
      "zhang.wei@example.com",
      "ZHANG.WEI@EXAMPLE.COM",
      " Zhang.Wei@Example.com ",
      "zhang.wei@ex",
    ]) {
      const found = await search(admin.token, q);
      expect(
        found.items.map((item) => [item.id, item.match]),
        q,
      ).toEqual([[zhang.id, { field: "emails", value: "zhang.wei@example.com" }]]);
    }
    expect(await names(admin.token, "wei@example.com")).toEqual([]);
    // "zhang" is its pinyin and the start of its email: found by its name, listed once, no match shown.
    const byName = await search(admin.token, "zhang");
    expect(byName.items.map((item) => [item.name, item.match])).toEqual([["张伟", undefined]]);
  });

  it("finds a company by its contacts' phones and emails, and forgets them when they change", async () => {
    const { admin } = await signUpTenant("search-contacts", { locale: "zh-CN" });
    const galaxy = await create(admin.token, { kind: "company", name: "星河贸易" });
    const added = await call("POST", `/v1/customers/${galaxy.id}/contacts`, {
      token: admin.token,
      body: { name: "李四", phones: ["137 0000 2222"], emails: ["LiSi@Galaxy.test"] },
    });
    expect(added.status).toBe(201);
    const contact = { id: added.body.id as string, name: "李四" };
    expect((await search(admin.token, "137 0000 2222")).items).toEqual([
      expect.objectContaining({
        id: galaxy.id,
        match: { field: "phones", value: "+8613700002222", contact },
      }),
    ]);
    expect((await search(admin.token, "lisi@galaxy.test")).items).toEqual([
      expect.objectContaining({
        id: galaxy.id,
        match: { field: "emails", value: "lisi@galaxy.test", contact },
      }),
    ]);
    await call("PATCH", `/v1/customers/${galaxy.id}/contacts/${contact.id}`, {
      token: admin.token,
      headers: ifMatch(added.body.version),
      body: { phones: ["137 0000 3333"] },
    });
    expect(await names(admin.token, "13700002222")).toEqual([]);
    expect(await names(admin.token, "13700003333")).toEqual(["星河贸易"]);
    const removed = await call("DELETE", `/v1/customers/${galaxy.id}/contacts/${contact.id}`, {
      token: admin.token,
    });
    expect(removed.status).toBe(204);
    expect(await names(admin.token, "lisi@")).toEqual([]);
    expect(await names(admin.token, "13700003333")).toEqual([]);
  });

  it("finds a merged company's contacts and phones under the survivor, and never the duplicate", async () => {
    const { admin } = await signUpTenant("search-merge", { locale: "zh-CN" });
    const survivor = await create(admin.token, { kind: "company", name: "星河贸易" });
    const duplicate = await create(admin.token, {
      kind: "company",
      name: "星河贸易有限公司",
      phones: ["010 6666 0001"],
    });
    await call("POST", `/v1/customers/${duplicate.id}/contacts`, {
      token: admin.token,
      body: { name: "王五", phones: ["139 6666 0002"], emails: ["wangwu@galaxy.test"] },
    });
    const merged = await call("POST", `/v1/customers/${survivor.id}/merge`, {
      token: admin.token,
      body: { duplicateId: duplicate.id },
    });
    expect(merged.status).toBe(200);
    for (const q of ["010-6666-0001", "13966660002", "wangwu@"]) {
      expect(
        (await search(admin.token, q)).items.map((item) => item.id),
        q,
      ).toEqual([survivor.id]);
    }
  });

  it("finds for a rep who sees only their own customers only theirs, by phone, email or contact, page by page", async () => {
    const { admin } = await signUpTenant("search-reps", { locale: "zh-CN" });
    const [one, two] = [
      await addMember(admin.token, "rep", "one"),
      await addMember(admin.token, "rep", "two"),
    ];
    const settings = await call("GET", "/v1/tenant/settings", { token: admin.token });
    await call("PATCH", "/v1/tenant/settings", {
      token: admin.token,
      headers: ifMatch(settings.body.version),
      body: { repVisibility: "own" },
    });
    const amy = await create(admin.token, {
      name: "Amy",
      ownerId: one.id,
      phones: ["138 5555 0001"],
      emails: ["amy@one.test"],
    });
    const ann = await create(admin.token, {
      name: "Ann",
      ownerId: one.id,
      phones: ["138 5555 0004"],
      emails: ["amy.ann@one.test"],
    });
    await create(admin.token, {
      name: "Bea",
      ownerId: two.id,
      phones: ["138 5555 0002"],
      emails: ["amy@two.test"],
    });
    const galaxy = await create(admin.token, { kind: "company", name: "Galaxy", ownerId: two.id });
    await call("POST", `/v1/customers/${galaxy.id}/contacts`, {
      token: admin.token,
      body: { name: "Cal", phones: ["138 5555 0003"], emails: ["amy@galaxy.test"] },
    });
    const ids = (items: Listed[]) => items.map((item) => item.id).sort();
    const theirs = async (who: Member, q: string) =>
      walk(who.token, `/v1/customers?q=${encodeURIComponent(q)}`, 1);

    for (const [q, expected] of [
      ["1385555", [amy, ann]],
      ["138 5555 000", [amy, ann]],
      ["+86 1385555", [amy, ann]],
      ["amy@", [amy]],
      ["AMY.ANN@", [ann]],
      ["amy", [amy]],
    ] as const) {
      const seen = await theirs(one, q);
      expect(
        seen.every((item) => item.ownerId === one.id),
        q,
      ).toBe(true);
      expect(ids(seen), q).toEqual(ids([...expected]));
    }
    expect(await theirs(one, "13855550002")).toEqual([]);
    expect(await theirs(one, "amy@two")).toEqual([]);
    expect(await theirs(one, "amy@galaxy")).toEqual([]);
    // The manager's view (an admin's) has all of them.
    expect((await walk(admin.token, "/v1/customers?q=1385555", 2)).map((item) => item.name)).toEqual([
      "Amy",
      "Bea",
      "Galaxy",
      "Ann",
    ]);

    // Given to Rep One, the company is found by its contact's phone by them, and no longer by Rep Two.
    const reassigned = await call("PATCH", `/v1/customers/${galaxy.id}`, {
      token: admin.token,
      headers: ifMatch(galaxy.version),
      body: { ownerId: one.id },
    });
    expect(reassigned.status).toBe(200);
    expect((await theirs(one, "13855550003")).map((item) => [item.id, item.match?.contact?.name])).toEqual([
      [galaxy.id, "Cal"],
    ]);
    expect(await theirs(two, "13855550003")).toEqual([]);
    expect((await theirs(two, "1385555")).map((item) => item.name)).toEqual(["Bea"]);
  });

  it("lists names in pinyin order, Latin and Chinese names together by their letters, to the last page", async () => {
    const { admin } = await signUpTenant("search-pinyin", { locale: "zh-CN" });
    const pinyinOrder = [
      "安娜",
      "Anna",
      "白雪",
      "Bob",
      "Chen",
      "陈静",
      "Li",
      "李娜",
      "Wang",
      "王芳",
      "张安",
      "张八",
      "张伟",
      "Zhang Wei",
      "赵敏",
      "Zoe",
    ];
    // Created in code-point order, which is not the order wanted (张伟 U+4F1F < 张八 U+516B < 张安 U+5B89).
    for (const name of [...pinyinOrder].sort()) await create(admin.token, { name, tags: ["fair"] });
    for (const path of ["/v1/customers", "/v1/customers?stage=prospect", "/v1/customers?tag=fair"]) {
      expect(
        (await walk(admin.token, path, 3)).map((item) => item.name),
        path,
      ).toEqual(pinyinOrder);
    }
    // Search results too: the names that begin with 张; under "zh", the Latin and Chinese ones.
    expect(await names(admin.token, "张")).toEqual(["张安", "张八", "张伟"]);
    expect(await names(admin.token, "zh")).toEqual(expect.arrayContaining(["张伟", "Zhang Wei"]));
    expect(
      (
        await call("GET", `/v1/customers?stage=prospect&q=${encodeURIComponent("张")}`, {
          token: admin.token,
        })
      ).body.items.map((item: Listed) => item.name),
    ).toEqual(["张安", "张八", "张伟"]);
  });

  it("refuses a search over 100 characters with a code the client translates", async () => {
    const { admin } = await signUpTenant("search-long", { locale: "zh-CN" });
    const long = await call("GET", `/v1/customers?q=${"张".repeat(101)}`, { token: admin.token });
    expect(long.status).toBe(400);
    expect(long.headers.get("content-type")).toContain("application/problem+json");
    expect(long.body).toMatchObject({
      code: "invalid-fields",
      errors: [{ path: "q", code: "too-long", params: { maximum: 100 } }],
    });
    expect((await call("GET", `/v1/customers?q=${"张".repeat(100)}`, { token: admin.token })).status).toBe(
      200,
    );
  });
});

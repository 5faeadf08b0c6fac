import { beforeAll, describe, expect, it } from "vitest";
import { type Answer, call, PASSWORD, signUpTenant, type TestTenant, uniqueEmail } from "../support/api.js";

let tenant: TestTenant;
beforeAll(async () => {
  tenant = await signUpTenant("names", { locale: "zh-CN" });
});

const createCustomer = (body: Record<string, unknown>) =>
  call("POST", "/v1/customers", { token: tenant.admin.token, body: { kind: "person", ...body } });

const search = async (q: string) =>
  (
    await call("GET", `/v1/customers?q=${encodeURIComponent(q)}`, { token: tenant.admin.token })
  ).body.items.map((customer: { name: string }) => customer.name) as string[];

const fieldCodes = (answer: Answer) =>
  (answer.body.errors as Array<{ path: string; code: string }>).map(({ path, code }) => `${path}:${code}`);

describe("names are normalised before they are stored or searched", () => {
  it("stores 张\\u200b三 as 张三, found by 张三, by 张 and by its pinyin", async () => {
    const created = await createCustomer({ name: "张\u200b三" });
    expect(created.status).toBe(201);
    expect(created.body.name).toBe("张三");
    expect(
      (await call("GET", `/v1/customers/${created.body.id}`, { token: tenant.admin.token })).body.name,
    ).toBe("张三");
    expect(await search("张三")).toEqual(["张三"]);
    expect(await search("张")).toEqual(["张三"]);
    expect(await search("张\u200b三")).toEqual(["张三"]);
    expect(await search("zhangsan")).toEqual(["张三"]);
  });

  it("removes bidi overrides and control characters, composes to NFC, and keeps emoji sequences", async () => {
    const created = await createCustomer({ name: "\u202eJose\u0301\u202c\u0007 👩🏽\u200d💻" });
    expect(created.status).toBe(201);
    expect(created.body.name).toBe("Jos\u00e9 👩🏽\u200d💻");
  });

  it("answers 400 required for a name of only zero-width characters, and stores nothing", async () => {
    const answer = await createCustomer({ name: "\u200b\u200c\u2060\ufeff", tags: ["invisible"] });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe("invalid-fields");
    expect(fieldCodes(answer)).toEqual(["name:required"]);
    const tagged = await call("GET", "/v1/customers?tag=invisible", { token: tenant.admin.token });
    expect(tagged.body.items).toEqual([]);
  });

  it("answers 400 invalid-characters for a lone surrogate sent as raw JSON", async () => {
    const answer = await call("POST", "/v1/customers", {
      token: tenant.admin.token,
      raw: '{"kind":"person","name":"Ann\\ud800"}',
    });
    expect(answer.status).toBe(400);
    expect(fieldCodes(answer)).toEqual(["name:invalid-characters"]);
  });

  it("refuses an edit to a name with nothing visible", async () => {
    const created = await createCustomer({ name: "Visible" });
    const answer = await call("PATCH", `/v1/customers/${created.body.id}`, {
      token: tenant.admin.token,
      headers: { "if-match": created.headers.get("etag") ?? "" },
      body: { name: "\u200d\u202e" },
    });
    expect(answer.status).toBe(400);
    expect(fieldCodes(answer)).toEqual(["name:required"]);
  });

  it("normalises contact names and the names of invited users", async () => {
    const company = await createCustomer({ kind: "company", name: "星河\u200b贸易" });
    expect(company.body.name).toBe("星河贸易");
    const contact = await call("POST", `/v1/customers/${company.body.id}/contacts`, {
      token: tenant.admin.token,
      body: { name: "李\u200b四\u202e" },
    });
    expect(contact.status).toBe(201);
    expect(contact.body.name).toBe("李四");
    const invited = await call("POST", "/v1/users", {
      token: tenant.admin.token,
      body: { email: uniqueEmail("rob"), name: "Rob\ufeff\u2066", role: "rep" },
    });
    expect(invited.status).toBe(201);
    expect(invited.body.name).toBe("Rob");
  });

  it("normalises the company's and its admin's names at signup", async () => {
    const answer = await call("POST", "/v1/signup", {
      body: {
        companyName: "Acme\u200b Trading\u202e",
        adminName: "\u2067Ann\u2069",
        adminEmail: uniqueEmail("names-signup"),
        password: PASSWORD,
      },
    });
    expect(answer.status).toBe(201);
    expect(answer.body.settings.companyName).toBe("Acme Trading");
    expect(answer.body.admin.name).toBe("Ann");
  });
});

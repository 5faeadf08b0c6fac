import { describe, expect, it } from "vitest";
import { call, ifMatch, signUpTenant } from "../support/api.js";

describe("contacts", () => {
  it("keeps the people at a company, one of them primary", async () => {
    const { admin } = await signUpTenant("contacts", { locale: "zh-CN" });
    const company = await call("POST", "/v1/customers", {
      token: admin.token,
      body: { kind: "company", name: "星河贸易" },
    });
    const id = company.body.id;
    const add = (body: Record<string, unknown>) =>
      call("POST", `/v1/customers/${id}/contacts`, { token: admin.token, body });
    const li = await add({ name: "李娜", title: "采购经理", phones: ["139 0000 0002"], primary: true });
    expect(li.status).toBe(201);
    expect(li.body).toMatchObject({ customerId: id, phones: ["+8613900000002"], primary: true, version: 1 });
    const wang = await add({ name: "王强", primary: true });
    expect(wang.status).toBe(201);
    const list = await call("GET", `/v1/customers/${id}/contacts`, { token: admin.token });
    expect(
      list.body.items.map((contact: { name: string; primary: boolean }) => [contact.name, contact.primary]),
    ).toEqual([
      ["王强", true],
      ["李娜", false],
    ]);

    const stale = await call("PATCH", `/v1/customers/${id}/contacts/${li.body.id}`, {
      token: admin.token,
      headers: ifMatch(1),
      body: { title: "总监" },
    });
    expect(stale.status).toBe(412);
    const edited = await call("PATCH", `/v1/customers/${id}/contacts/${li.body.id}`, {
      token: admin.token,
      headers: ifMatch(stale.body.currentVersion),
      body: { title: null, primary: true },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.title).toBeUndefined();
    const after = await call("GET", `/v1/customers/${id}/contacts`, { token: admin.token });
    expect(
      after.body.items
        .filter((contact: { primary: boolean }) => contact.primary)
        .map((c: { name: string }) => c.name),
    ).toEqual(["李娜"]);

    expect(
      (await call("DELETE", `/v1/customers/${id}/contacts/${wang.body.id}`, { token: admin.token })).status,
    ).toBe(204);
    expect(
      (await call("GET", `/v1/customers/${id}/contacts`, { token: admin.token })).body.items,
    ).toHaveLength(1);
  });

  it("gives contacts only to companies, and lists every problem of a bad one", async () => {
    const { admin } = await signUpTenant("contacts-bad");
    const person = await call("POST", "/v1/customers", {
      token: admin.token,
      body: { kind: "person", name: "Solo" },
    });
    const refused = await call("POST", `/v1/customers/${person.body.id}/contacts`, {
      token: admin.token,
      body: { name: "X" },
    });
    expect(refused.status).toBe(409);
    const company = await call("POST", "/v1/customers", {
      token: admin.token,
      body: { kind: "company", name: "Co" },
    });
    const bad = await call("POST", `/v1/customers/${company.body.id}/contacts`, {
      token: admin.token,
      body: { name: "", emails: ["no"], phones: ["1"] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { path: string }) => error.path).sort()).toEqual([
      "emails.0",
      "name",
      "phones.0",
    ]);
    const missing = await call("GET", `/v1/customers/${company.body.id}/contacts`, { token: admin.token });
    expect(missing.body.items).toEqual([]);
  });
});

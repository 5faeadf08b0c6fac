import { describe, expect, it } from "vitest";
import { addMember, call, ifMatch, signUpTenant } from "../support/api.js";
import { tenantData } from "../support/scoring.js";

const label = (en: string, zh: string) => ({ en, "zh-CN": zh });

describe("custom fields", () => {
  it("are defined by admins and checked on every customer write, listing every problem", async () => {
    const { admin } = await signUpTenant("custom-fields", { locale: "zh-CN" });
    const rep = await addMember(admin.token, "rep");
    const define = (body: Record<string, unknown>, token = admin.token) =>
      call("POST", "/v1/custom-fields", { token, body });
    expect(
      (
        await define({
          key: "budget",
          entity: "customer",
          label: label("Budget", "预算"),
          type: "number",
          required: true,
        })
      ).status,
    ).toBe(201);
    const channel = await define({
      key: "channel",
      entity: "customer",
      label: label("Channel", "渠道"),
      type: "select",
      options: ["wechat", "store"],
    });
    expect(channel.body).toMatchObject({ key: "channel", required: false, version: 1 });
    expect(
      (await define({ key: "x", entity: "customer", label: label("X", "X"), type: "text" }, rep.token))
        .status,
    ).toBe(403);
    expect(
      (await define({ key: "budget", entity: "contact", label: label("B", "B"), type: "text" })).status,
    ).toBe(409);
    const badDefinition = await define({
      key: "Bad Key",
      entity: "deal",
      label: label(" ", ""),
      type: "select",
    });
    expect(badDefinition.status).toBe(400);
    expect(badDefinition.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(
      ["entity", "key", "label"].sort(),
    );
    // No label in either language: the problem names the label, not just "required".
    expect(badDefinition.body.errors).toContainEqual(
      expect.objectContaining({ path: "label", code: "label-required" }),
    );

    const refused = await call("POST", "/v1/customers", {
      token: rep.token,
      body: { kind: "person", name: "", phones: ["12"], customFields: { channel: "fax", nope: 1 } },
    });
    expect(refused.status).toBe(400);
    // The edge's problems, the tenant's (the phone, read with its region) and the custom fields', at once.
    expect(refused.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(
      ["customFields.budget", "customFields.channel", "customFields.nope", "name", "phones.0"].sort(),
    );
    expect((await call("GET", "/v1/customers", { token: admin.token })).body.items).toEqual([]);

    const created = await call("POST", "/v1/customers", {
      token: rep.token,
      body: { kind: "person", name: "王芳", customFields: { budget: 5000, channel: "wechat" } },
    });
    expect(created.status).toBe(201);
    expect(created.body.customFields).toEqual({ budget: 5000, channel: "wechat" });
    const id = created.body.id;

    const cleared = await call("PATCH", `/v1/customers/${id}`, {
      token: rep.token,
      headers: ifMatch(1),
      body: { customFields: { channel: null } },
    });
    expect(cleared.status).toBe(200);
    expect(cleared.body.customFields).toEqual({ budget: 5000 });
    const requiredCleared = await call("PATCH", `/v1/customers/${id}`, {
      token: rep.token,
      headers: ifMatch(2),
      body: { customFields: { budget: null } },
    });
    expect(requiredCleared.status).toBe(400);
    expect(requiredCleared.body.errors[0].path).toBe("customFields.budget");
    const history = await call("GET", `/v1/customers/${id}/history`, { token: rep.token });
    expect(history.body.items[0].changes).toEqual([
      { field: "customFields.channel", from: "wechat", to: null },
    ]);

    // Removing a field keeps the values written under it readable, and stops new ones.
    await call("PATCH", `/v1/customers/${id}`, {
      token: rep.token,
      headers: ifMatch(2),
      body: { customFields: { channel: "store" } },
    });
    expect((await call("DELETE", "/v1/custom-fields/channel", { token: admin.token })).status).toBe(204);
    const read = await call("GET", `/v1/customers/${id}`, { token: rep.token });
    expect(read.body.customFields).toEqual({ budget: 5000, channel: "store" });
    const fields = await call("GET", "/v1/custom-fields?entity=customer", { token: rep.token });
    expect(fields.body.items.find((field: { key: string }) => field.key === "channel").removedAt).toEqual(
      expect.any(String),
    );
    const afterRemoval = await call("PATCH", `/v1/customers/${id}`, {
      token: rep.token,
      headers: ifMatch(3),
      body: { customFields: { channel: "wechat" } },
    });
    expect(afterRemoval.status).toBe(400);
    expect(afterRemoval.body.errors[0].path).toBe("customFields.channel");
    const otherEdit = await call("PATCH", `/v1/customers/${id}`, {
      token: rep.token,
      headers: ifMatch(3),
      body: { source: "fair" },
    });
    expect(otherEdit.body.customFields).toEqual({ budget: 5000, channel: "store" });
  });

  it("change labels and options against a version, and work on contacts too", async () => {
    const { admin } = await signUpTenant("custom-fields-edit");
    await call("POST", "/v1/custom-fields", {
      token: admin.token,
      body: { key: "tier", entity: "contact", label: label("Tier", "等级"), type: "select", options: ["a"] },
    });
    const edited = await call("PATCH", "/v1/custom-fields/tier", {
      token: admin.token,
      headers: ifMatch(1),
      body: { options: ["a", "b"], label: label("Level", "级别") },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ options: ["a", "b"], version: 2 });
    const stale = await call("PATCH", "/v1/custom-fields/tier", {
      token: admin.token,
      headers: ifMatch(1),
      body: { required: true },
    });
    expect(stale.status).toBe(412);
    expect((await call("DELETE", "/v1/custom-fields/nothing", { token: admin.token })).status).toBe(404);

    const company = await call("POST", "/v1/customers", {
      token: admin.token,
      body: { kind: "company", name: "Acme", customFields: { tier: "b" } },
    });
    expect(company.status).toBe(400);
    const acme = (
      await call("POST", "/v1/customers", { token: admin.token, body: { kind: "company", name: "Acme" } })
    ).body;
    const contact = await call("POST", `/v1/customers/${acme.id}/contacts`, {
      token: admin.token,
      body: { name: "Lee", customFields: { tier: "b" } },
    });
    expect(contact.status).toBe(201);
    expect(contact.body.customFields).toEqual({ tier: "b" });
  });
});

describe("a custom field's key and options", () => {
  it("get a key from the label in the company's language when none is given, numbered when taken", async () => {
    const zh = await signUpTenant("field-keys-zh", { locale: "zh-CN" });
    const en = await signUpTenant("field-keys-en", { locale: "en" });
    const define = (token: string, labels: { en: string; "zh-CN": string }) =>
      call("POST", "/v1/custom-fields", { token, body: { entity: "customer", label: labels, type: "text" } });
    const budget = label("Budget 2026", "预算");
    expect((await define(zh.admin.token, budget)).body.key).toBe("yusuan");
    expect((await define(zh.admin.token, budget)).body.key).toBe("yusuan_2");
    expect((await define(en.admin.token, budget)).body.key).toBe("budget_2026");
    // A key given is checked as before.
    const bad = await call("POST", "/v1/custom-fields", {
      token: en.admin.token,
      body: { key: "2026", entity: "customer", label: budget, type: "text" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: "key", code: "key-format" })]);
  });

  it("take a label in one language only, the key from it, and keep it through a change", async () => {
    const { admin } = await signUpTenant("field-one-label", { locale: "en" });
    const define = (labels: Record<string, string>) =>
      call("POST", "/v1/custom-fields", {
        token: admin.token,
        body: { entity: "customer", label: labels, type: "select", options: ["yinka"] },
      });
    // Only Chinese, in an English-speaking company: the key still comes from the label there is.
    const zhOnly = await define({ "zh-CN": "会员等级" });
    expect(zhOnly.status).toBe(201);
    expect(zhOnly.body).toMatchObject({ key: "huiyuandengji", label: { "zh-CN": "会员等级" } });
    expect(zhOnly.body.label).not.toHaveProperty("en");
    // An empty English label is no label: left out, not stored as "".
    const enEmpty = await define({ en: "", "zh-CN": "来源渠道" });
    expect(enEmpty.status).toBe(201);
    expect(enEmpty.body.label).toEqual({ "zh-CN": "来源渠道" });
    const enOnly = await define({ en: "Tier" });
    expect(enOnly.status).toBe(201);
    expect(enOnly.body.label).toEqual({ en: "Tier" });
    const relabelled = await call("PATCH", "/v1/custom-fields/tier", {
      token: admin.token,
      headers: ifMatch(enOnly.body.version),
      body: { label: { "zh-CN": "层级" } },
    });
    expect(relabelled.status).toBe(200);
    expect(relabelled.body.label).toEqual({ "zh-CN": "层级" });
    const none = await call("PATCH", "/v1/custom-fields/tier", {
      token: admin.token,
      headers: ifMatch(relabelled.body.version),
      body: { label: {} },
    });
    expect(none.status).toBe(400);
    expect(none.body.errors).toEqual([expect.objectContaining({ path: "label", code: "label-required" })]);
    const listed = await call("GET", "/v1/custom-fields?entity=customer", { token: admin.token });
    expect(
      Object.fromEntries(
        listed.body.items.map((field: { key: string; label: unknown }) => [field.key, field.label]),
      ),
    ).toEqual({
      huiyuandengji: { "zh-CN": "会员等级" },
      [enEmpty.body.key]: { "zh-CN": "来源渠道" },
      tier: { "zh-CN": "层级" },
    });
  });

  it("label list options in zh-CN and en by their stable values, next to fields whose options are plain strings", async () => {
    const { admin } = await signUpTenant("field-options", { locale: "zh-CN" });
    const define = (body: Record<string, unknown>) =>
      call("POST", "/v1/custom-fields", { token: admin.token, body: { entity: "customer", ...body } });
    const level = await define({
      key: "level",
      label: label("Level", "等级"),
      type: "select",
      options: ["gold", "silver"],
      optionLabels: { gold: { en: "Gold", "zh-CN": "金卡" }, silver: { "zh-CN": "银卡" } },
    });
    expect(level.status).toBe(201);
    expect(level.body).toMatchObject({
      options: ["gold", "silver"],
      optionLabels: { gold: { en: "Gold", "zh-CN": "金卡" }, silver: { "zh-CN": "银卡" } },
    });
    // Older fields: options as plain strings, no labels, as before.
    const plain = await define({
      key: "tier",
      label: label("Tier", "层级"),
      type: "select",
      options: ["A", "B"],
    });
    expect(plain.status).toBe(201);
    expect(plain.body.optionLabels).toBeUndefined();

    // A label for a value that is not an option, and labels on a field without options, are refused.
    const stray = await define({
      key: "stray",
      label: label("Stray", "杂项"),
      type: "select",
      options: ["x"],
      optionLabels: { y: { en: "Y" } },
    });
    expect(stray.status).toBe(400);
    expect(stray.body.errors).toEqual([
      expect.objectContaining({ path: "optionLabels.y", code: "not-an-option" }),
    ]);
    const text = await define({ key: "note", label: label("Note", "备注"), type: "text", optionLabels: {} });
    expect(text.status).toBe(400);

    // Records store the value; the labels are for forms.
    const customer = await call("POST", "/v1/customers", {
      token: admin.token,
      body: { kind: "person", name: "张伟", customFields: { level: "gold", tier: "A" } },
    });
    expect(customer.status).toBe(201);
    expect(customer.body.customFields).toEqual({ level: "gold", tier: "A" });
    const label404 = await call("POST", "/v1/customers", {
      token: admin.token,
      body: { kind: "person", name: "李娜", customFields: { level: "金卡" } },
    });
    expect(label404.status).toBe(400);

    // New options without new labels: the labels of options that went go with them.
    const changed = await call("PATCH", "/v1/custom-fields/level", {
      token: admin.token,
      headers: ifMatch(level.body.version),
      body: { options: ["gold", "bronze"] },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.optionLabels).toEqual({ gold: { en: "Gold", "zh-CN": "金卡" } });
    const relabelled = await call("PATCH", "/v1/custom-fields/level", {
      token: admin.token,
      headers: ifMatch(changed.body.version),
      body: {
        optionLabels: { gold: { en: "Gold", "zh-CN": "金卡" }, bronze: { en: "Bronze", "zh-CN": "铜卡" } },
      },
    });
    expect(relabelled.status).toBe(200);
    expect(relabelled.body.optionLabels.bronze).toEqual({ en: "Bronze", "zh-CN": "铜卡" });
  });
});

describe("names every JS object has (constructor, __proto__…)", () => {
  it("are never a field's key or an option's value, and a field stored under one breaks no customer write", async () => {
    const { tenantId, admin } = await signUpTenant("field-proto", { locale: "en" });
    const define = (body: Record<string, unknown>) =>
      call("POST", "/v1/custom-fields", { token: admin.token, body: { entity: "customer", ...body } });
    // From the label, the key gets a number; typed by hand, it is refused.
    const derived = await define({ label: label("Constructor", "构造"), type: "text" });
    expect(derived.status).toBe(201);
    expect(derived.body.key).toBe("constructor_2");
    const typed = await define({ key: "constructor", label: label("C", "C"), type: "text" });
    expect(typed.status).toBe(400);
    expect(typed.body.errors).toEqual([expect.objectContaining({ path: "key", code: "reserved-name" })]);
    // An option value __proto__ (its label would be dropped without a word) or toString is refused.
    const options = await call("POST", "/v1/custom-fields", {
      token: admin.token,
      raw: JSON.stringify({
        entity: "customer",
        key: "level",
        label: label("Level", "等级"),
        type: "select",
        options: ["gold", "__proto__", "toString"],
      }).replace('"options"', '"optionLabels":{"__proto__":{"en":"Proto"}},"options"'),
    });
    expect(options.status).toBe(400);
    expect(
      options.body.errors.map((error: { path: string; code: string }) => [error.path, error.code]),
    ).toEqual([
      ["options.1", "reserved-name"],
      ["options.2", "reserved-name"],
      ["optionLabels.__proto__", "reserved-name"],
    ]);

    expect(
      (await call("POST", "/v1/customers", { token: admin.token, body: { kind: "person", name: "Ann" } }))
        .status,
    ).toBe(201);
    // A field stored under such a key before they were refused: values are read as own properties.
    const tenant = await tenantData(tenantId);
    await tenant.customFields.add({
      key: "constructor",
      entity: "customer",
      label: label("Constructor", "构造"),
      type: "text",
      required: false,
    });
    // Written behind the API's back: it reads the definitions again once its copy expires (API_ITEM_CACHE_MS).
    await expect
      .poll(
        async () =>
          (await call("GET", "/v1/custom-fields", { token: admin.token })).body.items.map(
            (field: { key: string }) => field.key,
          ),
        { timeout: 15_000, interval: 200 },
      )
      .toContain("constructor");
    const plain = await call("POST", "/v1/customers", {
      token: admin.token,
      body: { kind: "person", name: "Bob" },
    });
    expect(plain.status).toBe(201);
    expect(plain.body.customFields).toBeUndefined();
    // It takes no value (storage cannot hold one by that name): refused with a code, not a 500.
    const given = await call("POST", "/v1/customers", {
      token: admin.token,
      body: { kind: "person", name: "Cai", customFields: { constructor: "x" } },
    });
    expect(given.status).toBe(400);
    expect(given.body.errors).toEqual([
      expect.objectContaining({ path: "customFields.constructor", code: "reserved-name" }),
    ]);
    const edited = await call("PATCH", `/v1/customers/${plain.body.id}`, {
      token: admin.token,
      headers: ifMatch(plain.body.version),
      body: { source: "fair" },
    });
    expect(edited.status).toBe(200);
    const history = await call("GET", `/v1/customers/${plain.body.id}/history`, { token: admin.token });
    expect(history.body.items[0].changes).toEqual([{ field: "source", from: null, to: "fair" }]);
  });
});

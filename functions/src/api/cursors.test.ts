import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { cursorBinding, openWith, sealWith } from "./cursors.js";

const key = randomBytes(32);
const rep = { tenantId: "t000000000000000000000001", userId: "u-rep", role: "rep" };
const list = new URL("http://crm.test/v1/customers?tag=vip&limit=2");
const inner = Buffer.from(JSON.stringify({ pk: "t#CUST#secret", sk: "TAG#vip" })).toString("base64url");

describe("sealed cursors", () => {
  it("open only under the key and binding they were sealed with", () => {
    const sealed = sealWith(key, cursorBinding(rep, "GET", list), inner);
    expect(openWith(key, cursorBinding(rep, "GET", list), sealed)).toBe(inner);
    // Nothing of the data layer's cursor shows through.
    expect(sealed).not.toContain(inner);
    expect(Buffer.from(sealed.slice(3), "base64url").toString("latin1")).not.toContain("secret");
  });

  it("do not open for another person, role, tenant, list or key", () => {
    const sealed = sealWith(key, cursorBinding(rep, "GET", list), inner);
    const others = [
      cursorBinding({ ...rep, userId: "u-other" }, "GET", list),
      cursorBinding({ ...rep, role: "manager" }, "GET", list),
      cursorBinding({ ...rep, tenantId: "t000000000000000000000002" }, "GET", list),
      cursorBinding(rep, "GET", new URL("http://crm.test/v1/customers?tag=gold&limit=2")),
      cursorBinding(rep, "GET", new URL("http://crm.test/v1/customers?limit=2")),
      cursorBinding(rep, "GET", new URL("http://crm.test/v1/audit?tag=vip")),
    ];
    for (const binding of others) expect(openWith(key, binding, sealed)).toBeUndefined();
    expect(openWith(randomBytes(32), cursorBinding(rep, "GET", list), sealed)).toBeUndefined();
  });

  it("keep to their list whatever the page size or the order of the filters", () => {
    const sealed = sealWith(key, cursorBinding(rep, "GET", list), inner);
    const same = new URL("http://crm.test/v1/customers?limit=50&tag=vip&cursor=x");
    expect(openWith(key, cursorBinding(rep, "GET", same), sealed)).toBe(inner);
  });

  it("refuse a changed byte, a made-up cursor and the old unsealed form", () => {
    const binding = cursorBinding(rep, "GET", list);
    const sealed = sealWith(key, binding, inner);
    const bytes = Buffer.from(sealed.slice(3), "base64url");
    for (const at of [0, 12, bytes.length - 1]) {
      const changed = Buffer.from(bytes);
      changed[at] = (changed[at] ?? 0) ^ 1;
      expect(openWith(key, binding, `c1.${changed.toString("base64url")}`)).toBeUndefined();
    }
    for (const made of [
      inner,
      "c1.",
      "c1.AAAA",
      `c1.${randomBytes(40).toString("base64url")}`,
      `${sealed}.x`,
    ]) {
      expect(openWith(key, binding, made)).toBeUndefined();
    }
  });
});

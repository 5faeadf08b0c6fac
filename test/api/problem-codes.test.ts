import { FIELD_PROBLEMS, PROBLEM_CODES } from "@crm/domain";
import { describe, expect, it } from "vitest";
import { en } from "../../web/src/messages/en.js";
import { zhCN } from "../../web/src/messages/zh-CN.js";
import { call, signUpTenant } from "../support/api.js";

const catalogs = { en, "zh-CN": zhCN } as Record<string, Record<string, string>>;
const placeholders = (text = "") => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe("problem codes", () => {
  it("gives every problem code of the API a text in zh-CN and en", () => {
    const keys = [
      ...PROBLEM_CODES.map((code) => `problem.${code}`),
      ...Object.keys(FIELD_PROBLEMS).map((code) => `field.${code}`),
    ];
    const missing = Object.entries(catalogs).flatMap(([lang, catalog]) =>
      keys.filter((key) => !catalog[key]?.trim()).map((key) => `${lang}: ${key}`),
    );
    expect(missing).toEqual([]);
  });

  it("fills the same placeholders in both languages", () => {
    const differing = Object.keys(FIELD_PROBLEMS)
      .map((code) => `field.${code}`)
      .filter(
        (key) =>
          JSON.stringify(placeholders(en[key as keyof typeof en])) !==
          JSON.stringify(placeholders(zhCN[key as keyof typeof en])),
      );
    expect(differing).toEqual([]);
  });

  it("answers each problem with its code, and each field's problem with the field's code and params", async () => {
    const { admin } = await signUpTenant("codes");
    const unknownRoute = await call("GET", "/v1/no-such-thing");
    expect(unknownRoute.body).toMatchObject({ status: 404, code: "route-not-found" });

    const missing = await call("GET", "/v1/customers/00000000-0000-4000-8000-000000000000", {
      token: admin.token,
    });
    expect(missing.body).toMatchObject({ status: 404, code: "customer-not-found" });

    const bad = await call("POST", "/v1/customers", {
      token: admin.token,
      body: { kind: "person", name: "x".repeat(201), emails: ["not an email"], colour: "blue" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("invalid-fields");
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "name", code: "too-long", params: { maximum: 200 } }),
        expect.objectContaining({ path: "emails.0", code: "not-email" }),
        expect.objectContaining({ path: "colour", code: "not-accepted" }),
      ]),
    );
    const search = await call("GET", `/v1/customers?q=${"a".repeat(101)}`, { token: admin.token });
    expect(search.status).toBe(400);
    expect(search.body.errors).toEqual([
      expect.objectContaining({ path: "q", code: "too-long", params: { maximum: 100 } }),
    ]);

    const stale = await call("PATCH", "/v1/tenant/settings", {
      token: admin.token,
      headers: { "if-match": '"99"' },
      body: { currency: "EUR" },
    });
    expect(stale.body).toMatchObject({ status: 412, code: "version-stale" });
  });
});

import { describe, expect, it } from "vitest";
import { call, login, PASSWORD, uniqueEmail } from "../support/api.js";

const signUp = (extra: Record<string, unknown>, headers: Record<string, string> = {}) =>
  call("POST", "/v1/signup", {
    headers,
    body: {
      companyName: "Region Co",
      adminName: "Ann",
      adminEmail: uniqueEmail("region"),
      password: PASSWORD,
      ...extra,
    },
  });

describe("signup starts a company in a sensible phone region", () => {
  it("takes an explicit region, so a Chinese mobile number typed nationally is accepted", async () => {
    const email = uniqueEmail("region-cn");
    const answer = await call("POST", "/v1/signup", {
      body: { companyName: "Acme", adminName: "Ann", adminEmail: email, password: PASSWORD, region: "CN" },
    });
    expect(answer.status).toBe(201);
    expect(answer.body.settings).toMatchObject({ locale: "en", phoneRegion: "CN" });
    const { accessToken } = await login(email);
    const customer = await call("POST", "/v1/customers", {
      token: accessToken,
      body: { kind: "person", name: "张伟", phones: ["138 1234 5678"] },
    });
    expect(customer.status).toBe(201);
    expect(customer.body.phones).toEqual(["+8613812345678"]);
  });

  it("reads the language and region from Accept-Language when the body names neither", async () => {
    const chinese = await signUp({}, { "accept-language": "zh-CN,zh;q=0.9,en;q=0.8" });
    expect(chinese.status).toBe(201);
    expect(chinese.body.settings).toMatchObject({
      locale: "zh-CN",
      phoneRegion: "CN",
      currency: "CNY",
      timeZone: "Asia/Shanghai",
    });
    const british = await signUp({}, { "accept-language": "en-GB,en;q=0.9" });
    expect(british.body.settings).toMatchObject({ locale: "en", phoneRegion: "GB" });
  });

  it("takes the region of the locale sent, over Accept-Language", async () => {
    const answer = await signUp({ locale: "zh-CN" }, { "accept-language": "en-US" });
    expect(answer.body.settings).toMatchObject({ locale: "zh-CN", phoneRegion: "CN" });
  });

  it("starts in en and US when nothing says otherwise", async () => {
    const answer = await signUp({});
    expect(answer.body.settings).toMatchObject({ locale: "en", phoneRegion: "US" });
  });

  it("refuses a region that is not one", async () => {
    const answer = await signUp({ region: "XX" });
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((problem: { path: string }) => problem.path)).toEqual(["region"]);
  });

  it("describes the region field in the OpenAPI document", async () => {
    const openapi = await call("GET", "/v1/openapi.json");
    expect(openapi.body.components.schemas.SignupInput.properties.region).toMatchObject({
      type: "string",
      description: expect.stringContaining("phone numbers"),
    });
  });
});

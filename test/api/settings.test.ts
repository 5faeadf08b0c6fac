import { describe, expect, it } from "vitest";
import { addMember, call, ifMatch, signUpTenant } from "../support/api.js";

describe("tenant settings", () => {
  it("shows settings to every role with an ETag, and lets admins change them", async () => {
    const { admin } = await signUpTenant("settings");
    const rep = await addMember(admin.token, "rep");
    const read = await call("GET", "/v1/tenant/settings", { token: rep.token });
    expect(read.status).toBe(200);
    expect(read.headers.get("etag")).toBe('"1"');
    expect(read.body).toMatchObject({
      companyName: "settings Ltd",
      currency: "USD",
      locale: "en",
      repVisibility: "all",
    });

    const denied = await call("PATCH", "/v1/tenant/settings", {
      token: rep.token,
      headers: ifMatch(1),
      body: { currency: "EUR" },
    });
    expect(denied.status).toBe(403);

    const changed = await call("PATCH", "/v1/tenant/settings", {
      token: admin.token,
      headers: ifMatch(1),
      body: {
        currency: "CNY",
        timeZone: "Asia/Shanghai",
        locale: "zh-CN",
        phoneRegion: "CN",
        repVisibility: "own",
      },
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).toBe('"2"');
    expect((await call("GET", "/v1/tenant/settings", { token: rep.token })).body).toMatchObject({
      currency: "CNY",
      timeZone: "Asia/Shanghai",
      locale: "zh-CN",
      phoneRegion: "CN",
      repVisibility: "own",
      version: 2,
    });
  });

  it("rejects bad settings with every problem listed and changes nothing", async () => {
    const { admin } = await signUpTenant("bad-settings");
    const answer = await call("PATCH", "/v1/tenant/settings", {
      token: admin.token,
      headers: ifMatch(1),
      body: {
        currency: "XYZ1",
        timeZone: "Mars/Olympus",
        locale: "fr",
        phoneRegion: "ZZ",
        repVisibility: "some",
        companyName: "",
      },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(
      ["companyName", "currency", "locale", "phoneRegion", "repVisibility", "timeZone"].sort(),
    );
    const after = await call("GET", "/v1/tenant/settings", { token: admin.token });
    expect(after.body).toMatchObject({ currency: "USD", timeZone: "UTC", version: 1 });
  });

  it("lets one of two edits made against the same version win and refuses the other with 412", async () => {
    const { admin } = await signUpTenant("settings-race");
    const second = await addMember(admin.token, "admin");
    const [a, b] = await Promise.all([
      call("PATCH", "/v1/tenant/settings", {
        token: admin.token,
        headers: ifMatch(1),
        body: { currency: "EUR" },
      }),
      call("PATCH", "/v1/tenant/settings", {
        token: second.token,
        headers: ifMatch(1),
        body: { timeZone: "Europe/Berlin" },
      }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const after = (await call("GET", "/v1/tenant/settings", { token: admin.token })).body;
    const winner =
      a.status === 200
        ? { currency: "EUR", timeZone: "UTC" }
        : { currency: "USD", timeZone: "Europe/Berlin" };
    expect(after).toMatchObject({ ...winner, version: 2 });
  });
});

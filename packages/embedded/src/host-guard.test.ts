import { describe, expect, it } from "vitest";
import { refuseForeignHosts } from "./host-guard.js";
import { isLocalHost } from "./local-host.mjs";

describe("the embedded stack's Host check (DNS rebinding)", () => {
  it("accepts IP literals and localhost with any port, and nothing else", () => {
    for (const host of [
      "127.0.0.1",
      "127.0.0.1:3000",
      "localhost:3000",
      "LocalHost",
      "192.168.1.23:3000",
      "[::1]:3000",
      "[fe80::1]",
    ]) {
      expect(isLocalHost(host), host).toBe(true);
    }
    for (const host of [
      "evil.example",
      "attacker.example:1811",
      "127.0.0.1.nip.io:3000",
      "localhost.evil.example",
      "evil.localhost.example:3000",
      "::1",
      "[evil]:3000",
      "127.0.0.1:3000:80",
      "",
      null,
      undefined,
    ]) {
      expect(isLocalHost(host), String(host)).toBe(false);
    }
  });

  it("answers a foreign Host with 421, problem+json under /v1, before the app sees it", async () => {
    const seen: string[] = [];
    const fetch = refuseForeignHosts((request) => {
      seen.push(request.headers.get("host") ?? "");
      return new Response("ok");
    });
    const ask = async (path: string, host: string) =>
      (await fetch(new Request(`http://${host}${path}`, { headers: { host } }), {})) as Response;

    const api = await ask("/v1/me", "evil.example");
    expect(api.status).toBe(421);
    expect(api.headers.get("content-type")).toBe("application/problem+json");
    expect(await api.json()).toMatchObject({ status: 421, code: "host-not-allowed" });
    const page = await ask("/", "evil.example:3000");
    expect(page.status).toBe(421);
    expect(await page.text()).toContain("Misdirected request");
    expect(seen).toEqual([]);

    for (const host of ["127.0.0.1:3000", "localhost:3000", "192.168.1.23:3000"]) {
      expect((await ask("/v1/me", host)).status, host).toBe(200);
    }
    expect(seen).toEqual(["127.0.0.1:3000", "localhost:3000", "192.168.1.23:3000"]);
  });
});
